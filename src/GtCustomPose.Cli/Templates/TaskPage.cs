using System.Text.Json;

namespace GtCustomPose.Cli.Templates;

/// <summary>
/// Task pages of a local job (<c>gtpose run-job</c>), made to open from the disk with no network: the template rendered
/// as Ground Truth renders it, and for a template with our <c>&lt;gtpose-skeleton&gt;</c> the crowd elements script
/// (Ground Truth's CDN) replaced by a small inlined <c>&lt;crowd-form&gt;</c> that shows the answer it would submit.
/// Templates with Ground Truth's own elements (crowd-keypoint) keep the CDN script; they need it to draw anything.
/// </summary>
public static class TaskPage
{
    /// <summary>The script tag of Ground Truth's crowd HTML elements, as the templates load it.</summary>
    public const string CrowdElementsTag = "<script src=\"https://assets.crowd.aws/crowd-html-elements.js\"></script>";

    /// <summary>Renders one task page for local use.</summary>
    /// <param name="renderer">The Liquid renderer, whose grant_read_access points at the local image.</param>
    /// <param name="template">The worker task template.</param>
    /// <param name="taskInput">PreAnnotation's taskInput for the object.</param>
    public static string Render(LiquidRenderer renderer, string template, JsonElement taskInput)
    {
        var html = renderer.Render(template, taskInput);
        if (!template.Contains("<gtpose-skeleton", StringComparison.Ordinal) || !html.Contains(
            CrowdElementsTag, StringComparison.Ordinal)) return html;
        var source = taskInput.TryGetProperty("image_s3_uri", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()!
            : "inline";
        // No "<" may reach the script as such: a URI holding "</script>" would end it.
        var quoted = JsonSerializer.Serialize(source, Json.CliJsonContext.Default.String).Replace(
            "<", "\\u003c", StringComparison.Ordinal);
        return html.Replace(
            CrowdElementsTag,
            $"<script>\nconst GTPOSE_SOURCE_REF = {quoted};\n{LocalCrowdForm}</script>",
            StringComparison.Ordinal);
    }

    // What Ground Truth's crowd-form does for this page: a submit button, a cancelable 'submit' event, the named inputs
    // collected as the answer. Here the answer is shown as a line for `gtpose run-job --answers FILE`.
    private const string LocalCrowdForm = """
        // Local stand-in for Ground Truth's <crowd-form> (gtpose run-job): nothing is sent anywhere.
        customElements.define('crowd-form', class extends HTMLElement {
          connectedCallback() {
            // Connected before the parser has read the form's content: the button goes after it, once it is read.
            if (document.readyState === 'loading') {
              document.addEventListener('DOMContentLoaded', () => this.addButton());
            } else {
              this.addButton();
            }
          }
          addButton() {
            if (this.querySelector('#crowd-submit')) return;
            const button = document.createElement('button');
            button.type = 'button';
            button.id = 'crowd-submit';
            button.textContent = 'Submit';
            button.style.cssText = 'font-size: 16px; padding: 6px 18px; margin: 8px 0;';
            button.addEventListener('click', () => this.submit());
            this.append(button);
          }
          submit() {
            const event = new Event('submit', { cancelable: true });
            this.dispatchEvent(event);
            if (event.defaultPrevented) return;
            const answer = {};
            for (const input of this.querySelectorAll('input[name], textarea[name], select[name]')) {
              answer[input.name] = input.type === 'checkbox' ? input.checked : input.value;
            }
            window.crowdSubmitted = answer;
            let out = document.getElementById('gtpose-local-answer');
            if (!out) {
              const note = document.createElement('p');
              note.textContent = 'Submitted (locally). This line can go into a file for gtpose run-job --answers FILE:';
              out = document.createElement('pre');
              out.id = 'gtpose-local-answer';
              out.style.cssText = 'white-space: pre-wrap; word-break: break-all; background: #f4f4f4; padding: 8px;';
              this.after(note, out);
            }
            out.textContent = JSON.stringify({ 'source-ref': GTPOSE_SOURCE_REF, workerId: 'local-worker', answer });
          }
        });

        """;
}
