// Runs the state machine definition of template/gtpose-workflow.yaml with aws-local-stepfunctions, its Task states
// played by the project's own code: the gtpose CLI's local job runner for the labeling jobs, `gtpose workflow
// reconsolidate`, and `gtpose invoke route` / `invoke merge` (the functions themselves, over the local store).
// SageMaker itself does not run here. Prints one JSON object:
// {"status", "output" | "error", "cause", "states": [names entered, in order], "published": [SNS messages]}.
//
// node run-workflow.mjs --template FILE --gtpose gtpose.dll --work DIR --scenario audit|nothing|failed
//                       [--sample-rate 0.3] [--max-audit-share 1] [--target-error 0.02] [--workers 3]
//                       [--execution NAME] [--second-level audit|auto|relabel|relabel-audit] [--relabel-share 0.1]
//                       [--max-relabel-share 0.2]

// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node 22); Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const { StateMachine } = await import('aws-local-stepfunctions');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const work = path.resolve(args.work);
const store = path.join(work, 'store');
const bucket = 'gtpose-workflow-test';
const executionName = args.execution ?? 'run-1';

// The exact definition from the template, with its substitutions filled in as CloudFormation would.
const template = parse(fs.readFileSync(args.template, 'utf8'), { logLevel: 'error' });
const machine = template.Resources.WorkflowStateMachine.Properties;
const substitutions = {
  LabelingBucket: bucket,
  JobOutputPrefix: '',
  LabelAttribute: 'pose',
  AuditLabelAttribute: 'pose-audit',
  LabelingJobRoleArn: 'arn:aws:iam::111122223333:role/labeling',
  Level1WorkteamArn: 'arn:aws:sagemaker:us-west-2:111122223333:workteam/private-crowd/level1',
  AuditWorkteamArn: 'arn:aws:sagemaker:us-west-2:111122223333:workteam/private-crowd/experts',
  Level1UiTemplateS3Uri: `s3://${bucket}/templates/pose-skeleton.liquid.html`,
  AuditUiTemplateS3Uri: `s3://${bucket}/templates/pose-audit.liquid.html`,
  Level1PreAnnotationLambdaArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-SageMaker-PreAnnotation',
  Level1PostAnnotationLambdaArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-SageMaker-PostAnnotation',
  AuditPreAnnotationLambdaArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-audit-SageMaker-PreAnnotation',
  AuditPostAnnotationLambdaArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-audit-SageMaker-PostAnnotation',
  WorkersPerObject: args.workers ?? '3',
  AuditWorkersPerObject: '1',
  SecondLevel: args['second-level'] ?? 'audit',
  RelabelWorkersPerObject: '3',
  RelabelLabelAttribute: 'pose-relabel',
  RelabelShare: args['relabel-share'] ?? '0.1',
  MaxRelabelShare: args['max-relabel-share'] ?? '0.2',
  SampleRate: args['sample-rate'] ?? '0.3',
  MaxAuditShare: args['max-audit-share'] ?? '1',
  TargetError: args['target-error'] ?? '0.02',
  SampleSeed: '1',
  TaskTimeLimitInSeconds: '600',
  TaskAvailabilityLifetimeInSeconds: '864000',
  MaxConcurrentTaskCount: '1000',
  DistributedThreshold: args['distributed-threshold'] ?? '20000',
  KmsKeyArn: '',
  RouteFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-workflow-route',
  MergeFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-workflow-merge',
  ReconsolidateFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:gtpose-workflow-reconsolidate',
  CompletionTopicArn: 'arn:aws:sns:us-west-2:111122223333:gtpose-workflow-completion',
};
const missing = Object.keys(machine.DefinitionSubstitutions).filter(k => !(k in substitutions));
if (missing.length > 0) throw new Error(`the test gives no value for substitutions ${missing.join(', ')}`);
let text = JSON.stringify(machine.Definition);
for (const [key, value] of Object.entries(substitutions)) text = text.split('${' + key + '}').join(value);
const left = text.match(/\$\{[A-Za-z0-9]+\}/);
if (left) throw new Error(`substitution ${left[0]} is not filled`);
const definition = JSON.parse(text);
lowerDistributedMaps(definition);

// aws-local-stepfunctions 3.0.0 runs Map states inline only and has no ItemReader. A Distributed Map over a JSON array
// in S3 is lowered to what it does: a Task reading the array (played below from the local store), then an inline Map
// over it with the same ItemSelector, item processor and concurrency. Every other state runs as the template has it.
function lowerDistributedMaps(machine) {
  const states = machine.States;
  for (const [name, state] of Object.entries({ ...states })) {
    if (state.Type !== 'Map' || !state.ItemReader) continue;
    if (state.ItemReader.Resource !== 'arn:aws:states:::s3:getObject' || state.ItemReader.ReaderConfig?.InputType !== 'JSON')
      throw new Error(`${name}: the test lowers only ItemReaders of a JSON array in S3`);
    const reader = `${name}ItemReader`;
    for (const s of Object.values(states)) {
      if (s.Next === name) s.Next = reader;
      if (s.Default === name) s.Default = reader;
      for (const c of [...(s.Choices ?? []), ...(s.Catch ?? [])]) if (c.Next === name) c.Next = reader;
    }
    if (machine.StartAt === name) machine.StartAt = reader;
    states[reader] = {
      Type: 'Task', Resource: state.ItemReader.Resource, Parameters: state.ItemReader.Parameters,
      ResultPath: `$.lowered.${name}`, Next: name,
    };
    delete state.ItemReader;
    delete state.ToleratedFailurePercentage;
    state.ItemsPath = `$.lowered.${name}`;
    state.ItemProcessor.ProcessorConfig = { Mode: 'INLINE' };
  }
}

const local = uri => {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return path.join(store, m[1], m[2]);
};
const gtpose = (...a) => execFileSync('dotnet', [args.gtpose, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const lines = file => fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim().length > 0).map(l => JSON.parse(l));
const requests = [];
const published = [];

// A labeling job as the .sync integration returns it: the DescribeLabelingJob response once the job completed.
function labelingJob(request, extra) {
  requests.push(request);
  const name = request.LabelingJobName;
  const config = request.HumanTaskConfig;
  if (!Number.isInteger(config.NumberOfHumanWorkersPerDataObject)) throw new Error('NumberOfHumanWorkersPerDataObject is not a number');
  if (args.scenario === 'failed') {
    const error = new Error(JSON.stringify({ LabelingJobName: name, LabelingJobStatus: 'Failed', FailureReason: 'ClientError: the input manifest has no line the pre-annotation function accepts' }));
    error.name = 'States.TaskFailed';
    throw error;
  }
  const out = path.join(work, name);
  gtpose('run-job', '--manifest', local(request.InputConfig.DataSource.S3DataSource.ManifestS3Uri), '--out', out, '--store', store,
    '--output-bucket', bucket, '--job-name', name, '--label-attribute', request.LabelAttributeName, ...extra(config));
  const manifest = `${request.OutputConfig.S3OutputPath}${name}/manifests/output/output.manifest`;
  fs.mkdirSync(path.dirname(local(manifest)), { recursive: true });
  fs.copyFileSync(path.join(out, 'output.manifest'), local(manifest));
  return {
    LabelingJobName: name, LabelingJobStatus: 'Completed',
    LabelingJobOutput: { OutputDatasetS3Uri: manifest },
    LabelCounters: { TotalLabeled: lines(local(manifest)).length },
  };
}

// A workflow Lambda function as Step Functions' lambda:invoke returns it, run by `gtpose invoke`.
let invocations = 0;
const invokeReconsolidate = ({ Payload: event }) => {
  const file = path.join(work, `event-${++invocations}.json`);
  fs.writeFileSync(file, JSON.stringify(event));
  return { Payload: JSON.parse(gtpose('invoke', 'reconsolidate', '--event', file, '--store', store)) };
};
const invokeOverStore = name => ({ Payload: event }) => {
  const file = path.join(work, `event-${++invocations}.json`);
  fs.writeFileSync(file, JSON.stringify(event));
  return { Payload: JSON.parse(gtpose('invoke', name, '--event', file, '--store', store)) };
};
const readItems = ({ Bucket, Key }) => JSON.parse(fs.readFileSync(local(`s3://${Bucket}/${Key}`), 'utf8'));

const handlers = {
  // The template plans shards of 2,000 objects; --shard-size makes a small test job span several.
  PlanShards: ({ Payload: event }) => invokeReconsolidate({ Payload: { ...event, shardSize: Number(args['shard-size'] ?? 2000) } }),
  Statistics: invokeReconsolidate,
  ReduceStatistics: invokeReconsolidate,
  Labels: invokeReconsolidate,
  AssembleLabels: invokeReconsolidate,
  ShardStatisticsItemReader: readItems,
  ShardLabelsItemReader: readItems,
  Level1Job: request => labelingJob(request, config => ['--simulate-workers', String(config.NumberOfHumanWorkersPerDataObject)]),
  AuditJob: request => labelingJob(request, () => {
    const answers = path.join(work, 'audit-answers.jsonl');
    gtpose('workflow', 'simulate-audit', '--manifest', local(request.InputConfig.DataSource.S3DataSource.ManifestS3Uri), '--out', answers);
    return ['--answers', answers, '--chained-label-attribute', 'pose'];
  }),
  // The re-label job's simulated workers are another draw of the crowd than level 1's (another seed).
  RelabelJob: request => labelingJob(request, config => ['--simulate-workers', String(config.NumberOfHumanWorkersPerDataObject), '--seed', '1007']),
  PooledReconsolidate: ({ Payload: job }) => {
    fs.mkdirSync(path.dirname(local(job.outputS3Uri)), { recursive: true });
    gtpose('workflow', 'reconsolidate', '--manifest', local(job.manifestS3Uri), '--job-output', job.jobOutputS3Uri,
      ...job.linkedJobOutputS3Uris.flatMap(u => ['--job-output', u]), '--store', store,
      '--label-attribute', job.labelAttribute, '--out', local(job.outputS3Uri));
    const labeled = lines(local(job.outputS3Uri));
    return { Payload: { outputManifestS3Uri: job.outputS3Uri, objects: labeled.length, flagged: labeled.filter(l => l.pose?.needs_review).length, noLabel: labeled.filter(l => !l.pose).length } };
  },
  Reconsolidate: ({ Payload: job }) => {
    fs.mkdirSync(path.dirname(local(job.outputS3Uri)), { recursive: true });
    gtpose('workflow', 'reconsolidate', '--manifest', local(job.manifestS3Uri), '--job-output', job.jobOutputS3Uri, '--store', store,
      '--label-attribute', job.labelAttribute, '--out', local(job.outputS3Uri));
    const labeled = lines(local(job.outputS3Uri));
    return { Payload: { outputManifestS3Uri: job.outputS3Uri, objects: labeled.length, flagged: labeled.filter(l => l.pose?.needs_review).length, noLabel: labeled.filter(l => !l.pose).length } };
  },
  // The workflow's own route and merge functions, over the local store.
  Route: invokeOverStore('route'),
  RouteForRelabel: invokeOverStore('route'),
  RouteForAutoRelabel: invokeOverStore('route'),
  Merge: invokeOverStore('merge'),
  PublishCompletion: request => { published.push(request); return { MessageId: `message-${published.length}` }; },
  DescribeFailedJob: ({ LabelingJobName }) => ({ LabelingJobName, LabelingJobStatus: 'Failed', FailureReason: 'ClientError: the input manifest has no line the pre-annotation function accepts' }),
};

const states = [];
const result = { states, published, requests };
const execution = new StateMachine(definition).run({ manifestS3Uri: `s3://${bucket}/input.manifest` }, {
  overrides: { taskResourceLocalHandlers: handlers },
  context: { Execution: { Name: executionName } },
});
const events = (async () => {
  try { for await (const e of execution.eventLogs) if (e.type === 'StateEntered') states.push(e.state.name); } catch { /* the result reports it */ }
})();
try {
  result.output = await execution.result;
  result.status = 'SUCCEEDED';
} catch (e) {
  result.status = 'FAILED';
  result.error = e.cause?.name ?? e.name;
  result.cause = e.cause?.message ?? e.message;
}
await events;
process.stdout.write(JSON.stringify(result) + '\n');
