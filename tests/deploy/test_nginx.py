"""Issue 14, point 1: the shipped nginx site (deploy/nginx/meldpunt.conf) passes `nginx -t` with
a self-signed certificate, and, run for real in front of a stand-in upstream, sets the proxy
headers itself, refuses other host names and keeps link tokens out of its access log.

nginx comes from Debian (`make setup-dev` installs it when missing); without it these tests skip and say so.
"""

import http.client
import http.server
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from config import TestConfig

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "meldpunt.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
NAME = "meldpunt.school.example"
TOKEN = "eyJyIjoxLCJuIjoiZ2VoZWltIn0.ZzYxQg.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make setup-dev installs it from Debian)")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site_in(tmp_path, upstream_port, http_port, https_port):
    """The site as shipped, with paths, ports and certificate moved into `tmp_path`."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}"]
        + ["-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    (tmp_path / "logs").mkdir()
    site = SITE.read_text()
    for old, new in [
        ("/etc/ssl/meldpunt/", f"{tmp_path}/"),
        ("/var/log/nginx/", f"{tmp_path}/logs/"),
        ("/opt/meldpunt/", f"{ROOT}/"),
        ("/var/www/letsencrypt", str(tmp_path)),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", site)
    site = re.sub(r"listen 443 ", f"listen 127.0.0.1:{https_port} ", site)
    site = re.sub(r"\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "temp"
    (tmp_path / "nginx.conf").write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    temp.mkdir()
    return ["-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "logs" / "error.log")]


def test_the_site_passes_nginx_t_with_a_self_signed_certificate(tmp_path):
    args = _site_in(tmp_path, 8000, _free_port(), _free_port())
    result = subprocess.run([NGINX, "-t", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_the_upload_cap_is_the_apps_request_cap():
    size = re.search(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(), re.M)
    assert size is not None
    assert int(size.group(1)) * 1024 * 1024 == TestConfig().MAX_CONTENT_LENGTH


class _Upstream(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self):  # the name http.server calls
        self.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https_port = _free_port()
    args = _site_in(tmp_path, upstream.server_address[1], _free_port(), https_port)
    process = subprocess.Popen([NGINX, *args, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.1)
        _Upstream.seen = []
        yield https_port, tmp_path / "logs"
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


def _get(port, path, host=NAME, **headers):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, **headers})
        return connection.getresponse().status
    finally:
        connection.close()


def test_nginx_sets_the_forwarded_headers_itself(nginx):
    port, _ = nginx
    forged = {"X-Forwarded-For": "198.51.100.9", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    assert _get(port, "/login", **forged) == 200
    (seen,) = _Upstream.seen
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert (seen["x-forwarded-proto"], seen["x-forwarded-host"], seen["host"]) == ("https", NAME, NAME)


def test_other_host_names_never_reach_the_app(nginx):
    port, _ = nginx
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _get(port, "/login", host="evil.example")
    assert _Upstream.seen == []


@pytest.mark.parametrize("prefix", ["/n/", "/invitation/", "/reset/"])
def test_link_tokens_stay_out_of_the_access_log(nginx, prefix):
    port, logs = nginx
    assert _get(port, f"{prefix}{TOKEN}?lang=en") == 200
    assert _get(port, "/static/style.css", Referer=f"https://{NAME}{prefix}{TOKEN}") in (200, 404)
    assert _get(port, "/login", Referer=f"https://{NAME}{prefix}{TOKEN}") == 200
    assert _Upstream.seen[0]["path"] == f"{prefix}{TOKEN}?lang=en"  # the app still gets the link
    deadline = time.monotonic() + 5
    while (log := (logs / "meldpunt.access.log").read_text()).count("\n") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # nginx writes its log lines after the response
    assert TOKEN not in log and TOKEN not in (logs / "meldpunt.error.log").read_text()
    assert f'"GET {prefix}[redacted]?lang=en HTTP/1.1" 200' in log
    assert f'"https://{NAME}{prefix}[redacted]"' in log
