#!/usr/bin/env python3
"""Calls `ocr-pipeline serve` through Tencent's official Python SDK for API 3.0, unchanged, pointed at
the server with its public HttpProfile; prints the outcome as one JSON object. Used by the server's
tests (Tests/OCRServerTests/CloudAPISDKTests.swift); installed by scripts/install-sdk.sh.

Usage: cloud_api_client.py --port P --secret-id ID --secret-key KEY [--token T] [--action A]
                           (--image FILE | --url URL) [--is-words] [--is-pdf [--pdf-page N]] [--clock-offset SECONDS]
                           [--field Name=JSON ...] [--sign-method TC3-HMAC-SHA256|HmacSHA1|HmacSHA256]
                           [--req-method POST|GET] [--repeat N]
The outcome holds the SDK's own reading of the answer ("response": its model, serialised by the SDK)
beside a summary of the detections; --repeat sends the same request object N times (the SDK signs
each call anew).
"""
import argparse
import base64
import json
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--secret-id", required=True)
parser.add_argument("--secret-key", required=True)
parser.add_argument("--token")
parser.add_argument("--action", default="GeneralBasicOCR")
parser.add_argument("--image")
parser.add_argument("--url")
parser.add_argument("--is-words", action="store_true")
parser.add_argument("--is-pdf", action="store_true")
parser.add_argument("--pdf-page", type=int)
parser.add_argument("--clock-offset", type=float, default=0, help="run with this machine's clock off by this many seconds")
parser.add_argument("--field", action="append", default=[], help="Name=JSON: a request field and its value")
parser.add_argument("--sign-method", default="TC3-HMAC-SHA256")
parser.add_argument("--req-method", default="POST")
parser.add_argument("--repeat", type=int, default=1)
args = parser.parse_args()

if args.clock_offset:
    real_time = time.time
    time.time = lambda: real_time() + args.clock_offset

from tencentcloud.common import credential  # noqa: E402
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException  # noqa: E402
from tencentcloud.common.profile.client_profile import ClientProfile  # noqa: E402
from tencentcloud.common.profile.http_profile import HttpProfile  # noqa: E402
from tencentcloud.ocr.v20181119 import models, ocr_client  # noqa: E402

http_profile = HttpProfile(endpoint=f"127.0.0.1:{args.port}", protocol="http", reqTimeout=120, reqMethod=args.req_method)
client = ocr_client.OcrClient(credential.Credential(args.secret_id, args.secret_key, args.token), "ap-guangzhou",
                              ClientProfile(httpProfile=http_profile, signMethod=args.sign_method))
request = getattr(models, args.action + "Request")()
if args.url:
    request.ImageUrl = args.url
if args.image:
    with open(args.image, "rb") as f:
        request.ImageBase64 = base64.b64encode(f.read()).decode()
if args.is_words:
    request.IsWords = True
if args.is_pdf:
    request.IsPdf = True
if args.pdf_page is not None:
    request.PdfPageNumber = args.pdf_page
for field in args.field:
    name, value = field.split("=", 1)
    setattr(request, name, json.loads(value))


def types(model):
    """The Python type the SDK gave each field of the answer, and of its first detection's fields."""
    fields = {name.lstrip("_"): value for name, value in vars(model).items()}
    described = {name: type(value).__name__ for name, value in fields.items()}
    for name, value in fields.items():
        if isinstance(value, list) and value and hasattr(value[0], "__dict__"):
            described[name + "[0]"] = types(value[0])
    return described


try:
    for _ in range(args.repeat):
        response = getattr(client, args.action)(request)
    detections = [{"text": d.DetectedText, "confidence": d.Confidence,
                   "polygon": [[p.X, p.Y] for p in (d.Polygon or [])],
                   "words": [[w.Character, w.Confidence] for w in (getattr(d, "Words", None) or [])],
                   "word_boxes": len(getattr(d, "WordCoordPoint", None) or [])}
                  for d in (getattr(response, "TextDetections", None) or [])]
    print(json.dumps({"ok": True, "detections": detections, "request_id": response.RequestId,
                      "pdf_page_size": getattr(response, "PdfPageSize", None),
                      "response": json.loads(response.to_json_string()), "types": types(response)}))
except TencentCloudSDKException as error:
    print(json.dumps({"ok": False, "code": error.get_code(), "message": error.get_message(), "request_id": error.get_request_id()}))
