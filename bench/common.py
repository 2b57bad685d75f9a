"""Helpers shared by the benchmarks: run a command as a child, measure wall time and peak memory."""
import http.client
import json
import os
import statistics
import tempfile
import subprocess
import threading
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_release(*products):
    """Builds the given products in release mode, linking the Swift runtime statically (as
    scripts/run-samples.sh does: it starts faster and leaner); returns the binary folder."""
    for product in products:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release")


def measure(command, env=None):
    """(seconds, peak RSS in MB, stdout) of one run. The parent (this small Python process) is
    what the child's max RSS can never be below, so the figures are exact above ~10 MB."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024, output.decode()


def median(values):
    return statistics.median(values)


def table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) for row in rows)


BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY = "1252821871", "AKIDbenchbenchbenchbenchbench", "benchkeybenchkeybenchkey"


def start_server(binaries, work, *arguments):
    """Starts `ocr-pipeline serve` on a free loopback port with a benchmark account; returns
    (process, port) once it accepts connections."""
    import json
    import socket
    credentials = os.path.join(work, "creds.json")
    with open(credentials, "w") as f:
        json.dump([{"appid": BENCH_APPID, "secret_id": BENCH_SECRET_ID, "secret_key": BENCH_SECRET_KEY}], f)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([os.path.join(binaries, "ocr-pipeline"), "serve", "--port", str(port), "--credentials", credentials, *arguments],
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


def load(port, make_request, concurrency, total):
    """Sends `total` requests from `concurrency` client threads, each on its own keep-alive
    connection; `make_request()` gives (path, body, headers) and every answer must be a success
    of either API. Returns requests per second and the p50 and p99 latencies in ms."""
    latencies, lock, counter = [], threading.Lock(), [total]

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if counter[0] == 0:
                    return
                counter[0] -= 1
            path, body, headers = make_request()
            start = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            answer = json.loads(connection.getresponse().read())
            assert answer.get("code", 0) == 0 and "Error" not in answer.get("Response", {}), answer
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begun
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000}


def normalise(text):
    """Text as the character error rate compares it: NFKC, without whitespace and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


def distance(a, b):
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def add_corpus_argument(parser):
    """`--corpus`: the shared corpus folder (default ../shared/corpus, or $OCR_PIPELINE_CORPUS)."""
    parser.add_argument("--corpus", default=os.environ.get("OCR_PIPELINE_CORPUS", os.path.join(ROOT, "..", "shared", "corpus")))


def corpus_files(corpus):
    """The corpus' files folder, or exit naming the option that points at it."""
    files = os.path.join(corpus, "files")
    if not os.path.isdir(files):
        raise SystemExit(f"no corpus at {corpus} (pass --corpus)")
    return files


def ground_truth_inputs(files, prefix):
    """The corpus images that have ground truth (`NAME.gt.txt`), linked into a fresh folder:
    (their names, sorted; the work folder; the input folder inside it)."""
    names = sorted(name[:-len(".gt.txt")] for name in os.listdir(files) if name.endswith(".gt.txt"))
    work = tempfile.mkdtemp(prefix=prefix)
    inputs = os.path.join(work, "in")
    os.makedirs(inputs)
    for name in names:
        os.symlink(os.path.join(files, name), os.path.join(inputs, name))
    return names, work, inputs
