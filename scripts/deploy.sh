#!/usr/bin/env bash
# Deploys GtCustomPose with the aws CLI alone (v1 or v2; docs/deploy.md walks through it):
#   publish the functions, upload the worker templates, `aws cloudformation package` the code to the bucket, then
#   `aws cloudformation deploy` the level-1 and audit function stacks (template/gtpose.yaml) and the workflow stack
#   (template/gtpose-workflow.yaml), the function ARNs read from the first two stacks' outputs.
# Everything is checked and packaged before the first stack is touched. --package-only stops after packaging and
# prints the deploy commands; it works against any S3 endpoint (AWS_ENDPOINT_URL_S3).
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/deploy.sh --bucket BUCKET [--region R] [--stack-prefix P] [--workteam-arn ARN]
  [--audit-workteam-arn ARN] [--rig FILE] [--runtime provided.al2023|dotnet10]
  [--second-level auto|audit|relabel|relabel-audit] [--package-only] [--set-cors] [--no-publish] [--out DIR]"

fail() { echo "deploy.sh: $*" >&2; exit 1; }

bucket="" region="" prefix="gtpose" workteam="" audit_workteam="" rig="" runtime="provided.al2023"
package_only=false set_cors=false publish=true out="artifacts/deploy" second_level="auto"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) echo "$usage"; exit 0 ;;
    --package-only) package_only=true; shift ;;
    --set-cors) set_cors=true; shift ;;
    --no-publish) publish=false; shift ;;
    --bucket|--region|--stack-prefix|--workteam-arn|--audit-workteam-arn|--rig|--runtime|--out|--second-level)
      [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value"
      case "$1" in
        --bucket) bucket=$2 ;; --region) region=$2 ;; --stack-prefix) prefix=$2 ;;
        --workteam-arn) workteam=$2 ;; --audit-workteam-arn) audit_workteam=$2 ;;
        --rig) rig=$2 ;; --runtime) runtime=$2 ;; --out) out=$2 ;; --second-level) second_level=$2 ;;
      esac
      shift 2 ;;
    *) fail "unknown option '$1' (scripts/deploy.sh --help lists them)" ;;
  esac
done

# --- Checks: nothing is uploaded or deployed until all of them pass.
[ -n "$bucket" ] || fail "--bucket is missing: the labeling bucket (images, manifests, job output, the code)"
[[ "$bucket" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "--bucket '$bucket' is not an S3 bucket name"
[[ "$prefix" =~ ^[a-zA-Z][a-zA-Z0-9-]{0,39}$ ]] \
  || fail "--stack-prefix '$prefix' must start with a letter and hold only letters, digits and hyphens (40 at most)"
case "$runtime" in
  provided.al2023|dotnet10) ;;
  *) fail "--runtime '$runtime': expected provided.al2023 or dotnet10" ;;
esac
case "$second_level" in
  auto|audit|relabel|relabel-audit) ;;
  *) fail "--second-level '$second_level': expected auto, audit, relabel or relabel-audit (docs/relabel.md)" ;;
esac
command -v aws > /dev/null 2>&1 || fail "the aws CLI is missing (install v1 or v2; docs/deploy.md, Prerequisites)"
if $publish && ! command -v dotnet > /dev/null 2>&1; then
  fail "dotnet (the .NET 10 SDK) is missing: it builds the functions"
fi
if [ -n "$rig" ]; then
  [ -f "$rig" ] && [ -r "$rig" ] || fail "--rig '$rig' is not a readable file"
fi
if ! $package_only; then
  [ -n "$workteam" ] || fail "--workteam-arn is missing: the level-1 work team (docs/deploy.md, Work team)"
  [ -n "$audit_workteam" ] || audit_workteam=$workteam
fi
aws_args=()
[ -n "$region" ] && aws_args+=(--region "$region")
awsq() { aws "${aws_args[@]}" "$@"; }

probe="$prefix/deploy-check-$$"
if ! err=$(awsq s3api put-object --bucket "$bucket" --key "$probe" --body scripts/deploy.sh 2>&1 > /dev/null); then
  fail "cannot write to s3://$bucket/$prefix/: $(echo "$err" | grep -v '^$' | tail -1)"
fi
awsq s3api delete-object --bucket "$bucket" --key "$probe" > /dev/null 2>&1 || true

if ! $package_only; then
  for stack in "$prefix-level1" "$prefix-audit" "$prefix-workflow"; do
    status=$(awsq cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' \
      --output text 2> /dev/null || true)
    case "$status" in
      ROLLBACK_COMPLETE|ROLLBACK_FAILED|DELETE_FAILED|*_IN_PROGRESS)
        fail "stack $stack is $status; wait for it or remove it: aws cloudformation delete-stack --stack-name $stack" ;;
    esac
  done
fi

# --- Build and stage: the packages as published, plus the rig, in a copy of the layout the templates' CodeUri names.
if $publish; then
  mode=aot; [ "$runtime" = dotnet10 ] && mode=managed
  echo "publishing the functions ($mode) ..."
  bash scripts/publish.sh "$mode" > /dev/null || fail "scripts/publish.sh $mode failed (its output is above)"
fi
stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage/template" "$stage/artifacts/publish"
cp template/gtpose.yaml template/gtpose-workflow.yaml "$stage/template/"
rig_setting=""
for name in pre-annotation post-annotation workflow; do
  [ -e "artifacts/publish/$name/bootstrap" ] || [ "$runtime" = dotnet10 ] \
    || fail "artifacts/publish/$name/bootstrap is missing: run scripts/publish.sh (or leave out --no-publish)"
  cp -r "artifacts/publish/$name" "$stage/artifacts/publish/$name"
  if [ -n "$rig" ]; then
    cp "$rig" "$stage/artifacts/publish/$name/rig.json"
    # Lambda unpacks the package into /var/task; the functions read the rig there at init, not from S3.
    rig_setting=/var/task/rig.json
  fi
done

# --- Upload: worker templates, then the code (aws cloudformation package zips each CodeUri folder).
templates="s3://$bucket/$prefix/templates"
for page in pose-skeleton.liquid.html pose-keypoint.liquid.html; do
  awsq s3 cp "template/$page" "$templates/$page" --content-type text/html --only-show-errors \
    || fail "uploading template/$page to $templates/ failed"
done
for t in gtpose gtpose-workflow; do
  if ! err=$(awsq cloudformation package --template-file "$stage/template/$t.yaml" --s3-bucket "$bucket" \
      --s3-prefix "$prefix/code" --output-template-file "$out/$t.packaged.yaml" 2>&1 > /dev/null); then
    fail "aws cloudformation package of template/$t.yaml failed: $(echo "$err" | grep -v '^$' | tail -1)"
  fi
done
echo "packaged: $out/gtpose.packaged.yaml, $out/gtpose-workflow.packaged.yaml (code under s3://$bucket/$prefix/code/)"

cors_rule='{"CORSRules": [{"AllowedHeaders": [], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"],
  "ExposeHeaders": ["Access-Control-Allow-Origin"]}]}'
cors_command="aws s3api put-bucket-cors --bucket $bucket --cors-configuration '$(echo $cors_rule)'"
if $set_cors; then
  if awsq s3api get-bucket-cors --bucket "$bucket" > /dev/null 2>&1; then
    echo "CORS: s3://$bucket already has a CORS configuration, left as it is; it needs this rule (put-bucket-cors" \
      "replaces the whole configuration): $(echo $cors_rule)"
  else
    awsq s3api put-bucket-cors --bucket "$bucket" --cors-configuration "$cors_rule" \
      || fail "put-bucket-cors on $bucket failed"
    echo "CORS: s3://$bucket now lets worker pages read its images (GET from any origin)"
  fi
fi

caps=(--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset)
functions_params=("LabelingBucket=$bucket" "Runtime=$runtime" "RigFile=$rig_setting")
region_flag=${region:+ --region $region}
if $package_only; then
  echo "Next: deploy the packaged templates (or run this script without --package-only, with --workteam-arn):"
  echo "  aws cloudformation deploy$region_flag --template-file $out/gtpose.packaged.yaml --stack-name $prefix-level1" \
    "${caps[*]} --parameter-overrides ${functions_params[*]}"
  echo "  aws cloudformation deploy$region_flag --template-file $out/gtpose.packaged.yaml --stack-name $prefix-audit" \
    "${caps[*]} --parameter-overrides ${functions_params[*]} ChainedLabelAttribute=pose AuditMode=true"
  echo "  then $out/gtpose-workflow.packaged.yaml as $prefix-workflow with the four function ARNs of those stacks" \
    "and SecondLevel=$second_level"
  $set_cors || echo "The labeling bucket needs a CORS rule for the worker page's images: $cors_command"
  exit 0
fi

# --- Deploy, in order; a stack this run fails to create is removed again rather than left in ROLLBACK_COMPLETE.
deploy() {
  local stack=$1 template=$2; shift 2
  local existed=true
  awsq cloudformation describe-stacks --stack-name "$stack" > /dev/null 2>&1 || existed=false
  echo "deploying $stack ..."
  if ! awsq cloudformation deploy --template-file "$template" --stack-name "$stack" "${caps[@]}" \
      --parameter-overrides "$@" > /dev/null; then
    if ! $existed && [ "$(awsq cloudformation describe-stacks --stack-name "$stack" \
        --query 'Stacks[0].StackStatus' --output text 2> /dev/null)" = ROLLBACK_COMPLETE ]; then
      awsq cloudformation delete-stack --stack-name "$stack"
      awsq cloudformation wait stack-delete-complete --stack-name "$stack" || true
    fi
    fail "deploying $stack failed; why: aws cloudformation describe-stack-events --stack-name $stack"
  fi
}
output() {
  awsq cloudformation describe-stacks --stack-name "$1" --output text \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue"
}

deploy "$prefix-level1" "$out/gtpose.packaged.yaml" "${functions_params[@]}"
deploy "$prefix-audit" "$out/gtpose.packaged.yaml" "${functions_params[@]}" ChainedLabelAttribute=pose AuditMode=true
deploy "$prefix-workflow" "$out/gtpose-workflow.packaged.yaml" "LabelingBucket=$bucket" "Runtime=$runtime" \
  "RigFile=$rig_setting" "Level1WorkteamArn=$workteam" "AuditWorkteamArn=$audit_workteam" \
  "Level1UiTemplateS3Uri=$templates/pose-skeleton.liquid.html" \
  "AuditUiTemplateS3Uri=$templates/pose-skeleton.liquid.html" \
  "Level1PreAnnotationLambdaArn=$(output "$prefix-level1" PreAnnotationFunctionArn)" \
  "Level1PostAnnotationLambdaArn=$(output "$prefix-level1" PostAnnotationFunctionArn)" \
  "AuditPreAnnotationLambdaArn=$(output "$prefix-audit" PreAnnotationFunctionArn)" \
  "AuditPostAnnotationLambdaArn=$(output "$prefix-audit" PostAnnotationFunctionArn)" "SecondLevel=$second_level"

state_machine=$(output "$prefix-workflow" StateMachineArn)
echo "deployed: $prefix-level1, $prefix-audit, $prefix-workflow"
$set_cors || echo "The labeling bucket needs a CORS rule for the worker page's images: $cors_command"
echo "Next: upload a manifest (gtpose manifest ...) and start a run; its name names the labeling jobs:"
echo "  aws stepfunctions start-execution$region_flag --state-machine-arn $state_machine" \
  "--name batch-$(date -u +%Y%m%d) --input '{\"manifestS3Uri\": \"s3://$bucket/input.manifest\"}'"
