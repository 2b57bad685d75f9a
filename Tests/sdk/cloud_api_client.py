#!/usr/bin/env python3
"""Calls `ocr-pipeline serve` through Tencent's official Python SDK for API 3.0, unchanged, pointed at
the server with its public HttpProfile; prints the outcome as one JSON object. Used by the server's
tests (Tests/OCRServerTests/CloudAPISDKTests.swift); installed by scripts/install-sdk.sh.

Usage: cloud_api_client.py --port P --secret-id ID --secret-key KEY [--token T] [--action A]
                           (--image FILE | --url URL) [--is-words] [--is-pdf [--pdf-page N]] [--clock-offset SECONDS]
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
args = parser.parse_args()

if args.clock_offset:
    real_time = time.time
    time.time = lambda: real_time() + args.clock_offset

from tencentcloud.common import credential  # noqa: E402
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException  # noqa: E402
from tencentcloud.common.profile.client_profile import ClientProfile  # noqa: E402
from tencentcloud.common.profile.http_profile import HttpProfile  # noqa: E402
from tencentcloud.ocr.v20181119 import models, ocr_client  # noqa: E402

http_profile = HttpProfile(endpoint=f"127.0.0.1:{args.port}", protocol="http", reqTimeout=120)
client = ocr_client.OcrClient(credential.Credential(args.secret_id, args.secret_key, args.token), "ap-guangzhou",
                              ClientProfile(httpProfile=http_profile))
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
try:
    response = getattr(client, args.action)(request)
    detections = [{"text": d.DetectedText, "confidence": d.Confidence,
                   "polygon": [[p.X, p.Y] for p in (d.Polygon or [])],
                   "words": [[w.Character, w.Confidence] for w in (d.Words or [])],
                   "word_boxes": len(d.WordCoordPoint or [])}
                  for d in (response.TextDetections or [])]
    print(json.dumps({"ok": True, "detections": detections, "request_id": response.RequestId,
                      "pdf_page_size": getattr(response, "PdfPageSize", None)}))
except TencentCloudSDKException as error:
    print(json.dumps({"ok": False, "code": error.get_code(), "message": error.get_message(), "request_id": error.get_request_id()}))
