using Spectre.Console;

namespace GtCustomPose.Cli;

/// <summary>
/// Progress of a long run, on stderr: Spectre.Console's live progress display on a terminal, plain lines otherwise
/// (a log, a pipe, a test), so stdout keeps only the result.
/// </summary>
internal sealed class JobProgress
{
    private readonly ProgressContext? _live;
    private readonly IAnsiConsole? _console;
    private readonly TextWriter _plain;

    private JobProgress(TextWriter plain, IAnsiConsole? console, ProgressContext? live)
    {
        _plain = plain;
        _console = console;
        _live = live;
    }

    /// <summary>Plain lines on <paramref name="writer"/>.</summary>
    public static JobProgress Plain(TextWriter writer) => new(writer, null, null);

    /// <summary>Runs <paramref name="work"/> with progress on stderr: live on a terminal, plain lines when redirected.</summary>
    public static async Task<T> RunAsync<T>(Func<JobProgress, Task<T>> work)
    {
        if (Console.IsErrorRedirected) return await work(Plain(Console.Error)).ConfigureAwait(false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new JobProgress(Console.Error, console, context)))
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A step of <paramref name="total"/> items. Plain output prints a line every <paramref name="lineEvery"/> items and
    /// at the last; by default every tenth of a long step, and only the last of a short one.
    /// </summary>
    public Step Start(string description, int total, int? lineEvery = null) =>
        new(this, description, total, lineEvery ?? (total < 50 ? total : (total + 9) / 10),
            _live?.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)));

    /// <summary>A line that must be read (something missing, something replaced): above the live display, or plain.</summary>
    public void Warn(string message)
    {
        if (_console is not null) _console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
        else _plain.WriteLine($"warning: {message}");
    }

    public sealed class Step
    {
        private readonly JobProgress _owner;
        private readonly string _description;
        private readonly int _total;
        private readonly int _lineEvery;
        private readonly ProgressTask? _task;
        private int _done;

        internal Step(JobProgress owner, string description, int total, int lineEvery, ProgressTask? task)
        {
            (_owner, _description, _total, _lineEvery, _task) = (owner, description, total, lineEvery, task);
            if (total == 0) Complete();
        }

        /// <summary>One more item done; <paramref name="detail"/> says what (e.g. a batch's size).</summary>
        public void Advance(string? detail = null)
        {
            _done++;
            if (_task is not null)
            {
                _task.Increment(1);
                if (detail is not null) _task.Description = Markup.Escape($"{_description} ({_done}/{_total}: {detail})");
                if (_done >= _total) _task.StopTask();
            }
            else if (_done == _total || _done % Math.Max(1, _lineEvery) == 0)
            {
                _owner._plain.WriteLine($"{_description}: {_done}/{_total}{(detail is null ? "" : $" ({detail})")}");
            }
        }

        private void Complete()
        {
            if (_task is not null)
            {
                _task.Value = _task.MaxValue;
                _task.StopTask();
            }
            else _owner._plain.WriteLine($"{_description}: nothing to do");
        }
    }
}
