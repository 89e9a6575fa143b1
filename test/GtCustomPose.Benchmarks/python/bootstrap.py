#!/usr/bin/env python3
"""The Python baseline of the cold-start comparison (versus-python): a minimal boto3 pre-annotation and a
pass-through post-annotation, as the public Ground Truth samples write them, behind a small Runtime API loop.

_HANDLER picks the function ("pre" or "post"), as Lambda's Handler setting would. The managed python runtime's own
loop is not available here; this one uses http.client, one invocation at a time, as that loop does.
"""
import http.client
import json
import os
import sys
import time
from urllib.parse import urlparse

import boto3

s3 = boto3.client("s3")  # created once per execution environment, as the samples do


def pre_annotation(event):
    # The sample's pre-annotation: the image becomes the task object; every object needs a worker.
    return {
        "taskInput": {"taskObject": event["dataObject"]["source-ref"]},
        "isHumanAnnotationRequired": "true",
    }


def post_annotation(event):
    # The sample's consolidation: every worker's answer passed through under the label attribute.
    uri = urlparse(event["payload"]["s3Uri"])
    body = s3.get_object(Bucket=uri.netloc, Key=uri.path.lstrip("/"))["Body"].read()
    label = event["labelAttributeName"]
    consolidated = []
    for obj in json.loads(body):
        answers = [
            {"workerId": a["workerId"], "annotationData": json.loads(a["annotationData"]["content"])}
            for a in obj["annotations"]
        ]
        consolidated.append({
            "datasetObjectId": obj["datasetObjectId"],
            "consolidatedAnnotation": {"content": {label: {"annotationsFromAllWorkers": answers}}},
        })
    return consolidated


def main():
    handler = {"pre": pre_annotation, "post": post_annotation}[os.environ.get("_HANDLER", "pre")]
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
    api = http.client.HTTPConnection(host, int(port))
    while True:
        api.request("GET", "/2018-06-01/runtime/invocation/next")
        next_ = api.getresponse()
        request_id = next_.getheader("Lambda-Runtime-Aws-Request-Id")
        event = json.loads(next_.read())
        try:
            body, path = json.dumps(handler(event)).encode(), "response"
        except Exception as e:  # noqa: BLE001 - the runtime reports any failure to the API
            body = json.dumps({"errorType": type(e).__name__, "errorMessage": str(e)}).encode()
            path = "error"
        api.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/{path}", body,
                    {"Content-Type": "application/json"})
        api.getresponse().read()


if __name__ == "__main__":
    sys.exit(main())
