"""The documented nginx configuration (site/collect/deploy/nginx.conf), run by Debian's nginx in front of the
real server on SQLite and PostgreSQL, with TLS from a certificate this test makes: Secure cookies and https
links, X-Forwarded-Proto believed only from the proxy, large bodies refused at the proxy, plain HTTP sent
to HTTPS."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import ssl
import subprocess
import time
import urllib.parse

import pytest

from centricity.collect.app import Options, create_collect_app
from tests import collect
from tests.collect import PASSWORD, kill, start
from tests.helpers import ROOT
from tests.postgres import free_port, postgres  # noqa: F401 (a fixture)

CONF = ROOT / "site" / "collect" / "deploy" / "nginx.conf"
HOST = "localhost"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path, catalog):
    return collect.migrated_db(request, tmp_path, catalog, "sales:4")


def certificate(folder) -> tuple[str, str]:
    key, cert = str(folder / "key.pem"), str(folder / "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


def nginx(folder, app_port: int, https_port: int, http_port: int) -> subprocess.Popen:
    """The documented server blocks as they are, with the test's names, paths and ports in place."""
    key, cert = certificate(folder)
    site = (
        CONF.read_text()
        .replace("survey.example.org", HOST)
        .replace("/etc/ssl/certs/localhost.pem", cert)
        .replace("/etc/ssl/private/localhost.key", key)
        .replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
        .replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("https://$host$request_uri", f"https://$host:{https_port}$request_uri")
    )
    (folder / "site.conf").write_text(site)
    for temp in ("body", "proxy", "f", "u", "s"):
        (folder / temp).mkdir(mode=0o777)
    (folder / "nginx.conf").write_text(
        f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log; worker_processes 1;\n"
        "events { worker_connections 64; }\n"
        f"http {{ client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; "
        f"fastcgi_temp_path {folder}/f; uwsgi_temp_path {folder}/u; scgi_temp_path {folder}/s;\n"
        f"include {folder}/site.conf; }}\n"
    )
    process = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=collect.die_with_parent,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", http_port, timeout=1)
            probe.request("HEAD", "/")
            probe.close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"nginx did not start: {(folder / 'error.log').read_text()}")


def request(port: int, context, method: str, path: str, body: bytes | None = None, headers=None):
    connection = http.client.HTTPSConnection(HOST, port, context=context, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        return reply, reply.read()
    finally:
        connection.close()


def test_nginx_in_front_with_tls(url, tmp_path):
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    server = start(url, app_port, tmp_path / "server.log", "--https")
    proxy = nginx(tmp_path, app_port, https_port, http_port)
    try:
        context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        reply, body = request(https_port, context, "GET", "/api/surveys/acme")
        assert reply.status == 200 and json.loads(body)["name"] == "Acme"
        assert reply.getheader("Strict-Transport-Security")

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
        plain.request("GET", "/admin/", headers={"Host": HOST})
        moved = plain.getresponse()
        plain.close()
        assert moved.status == 301 and moved.getheader("Location") == f"https://{HOST}:{https_port}/admin/"

        page, html = request(https_port, context, "GET", "/admin/login/")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()
        cookie = page.getheader("Set-Cookie").split(";")[0]
        form = urllib.parse.urlencode({"name": "ana", "password": PASSWORD, "csrf_token": token}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        signed, _ = request(https_port, context, "POST", "/admin/login/", form, headers)
        assert signed.status == 302 and signed.getheader("Location").endswith("/admin/")
        session = signed.getheader("Set-Cookie")
        assert session.startswith("__Host-centricity=") and "Secure" in session and "HttpOnly" in session
        _, dashboard = request(https_port, context, "GET", "/admin/surveys/acme/",
                               headers={"Cookie": session.split(";")[0]})  # fmt: skip
        assert f"https://{HOST}/en/assessment/".encode() in dashboard, "links say https (the Host nginx sets)"

        big = b'{"response_id": "' + b"x" * 400_000 + b'"}'
        refused, text = request(https_port, context, "POST", "/api/surveys/acme/responses", big,
                                {"Content-Type": "application/json"})  # fmt: skip
        assert refused.status == 413 and b"nginx" in text, "refused by the proxy, before the server"
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(timeout=10)
        kill(server)


def test_forwarded_proto_is_believed_only_from_the_proxy(url, catalog):
    """Straight to the app: from the trusted address the header counts, from any other it is dropped, and
    the forwarded host never counts."""
    app = create_collect_app(catalog, url, Options(https=True, trusted_proxies=("10.0.0.2",)))
    try:
        client = app.test_client()
        site = {"base_url": "https://localhost"}
        token = collect.csrf(client, **site)
        form = {"name": "ana", "password": PASSWORD, "csrf_token": token}
        assert client.post("/admin/login/", data=form, **site).status_code == 302
        forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
        for address, scheme in (("10.0.0.2", "https"), ("203.0.113.7", "http"), ("127.0.0.1", "http")):
            page = client.get(
                "/admin/surveys/acme/",
                headers=forged,
                base_url="http://localhost",
                environ_base={"REMOTE_ADDR": address},
            ).get_data(as_text=True)
            assert f"{scheme}://localhost/en/assessment/" in page, address
            assert "evil.example" not in page
    finally:
        collect.close(app)


def _admin(https_port: int, context) -> tuple[str, str]:
    """A signed-in admin through the proxy: (session cookie, a CSRF token of that session)."""
    page, html = request(https_port, context, "GET", "/admin/login/")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()
    form = urllib.parse.urlencode({"name": "ana", "password": PASSWORD, "csrf_token": token}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": page.getheader("Set-Cookie")}
    signed, _ = request(https_port, context, "POST", "/admin/login/", form, headers)
    cookie = signed.getheader("Set-Cookie").split(";")[0]
    dashboard, html = request(https_port, context, "GET", "/admin/surveys/acme/", headers={"Cookie": cookie})
    cookie = (dashboard.getheader("Set-Cookie") or cookie).split(";")[0]  # a token the session now holds
    return cookie, re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def test_the_workshop_projector_s_events_come_through_the_proxy_at_once(url, tmp_path):
    """The documented proxy passes each server-sent event on as it is sent (no buffering), so the count a
    phone's answer changes reaches the projector within a second."""
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    server = start(url, app_port, tmp_path / "server.log", "--https")
    proxy = nginx(tmp_path, app_port, https_port, http_port)
    try:
        context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        cookie, token = _admin(https_port, context)
        form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        started, _ = request(https_port, context, "POST", "/admin/surveys/acme/workshop/",
                             urllib.parse.urlencode({"csrf_token": token}).encode(), form)  # fmt: skip
        assert started.status == 302, started.status
        number = started.getheader("Location").rstrip("/").rsplit("/", 1)[1]
        page = f"/admin/workshops/{number}/"
        controls = request(https_port, context, "GET", page, None, {"Cookie": cookie})[1]
        code = re.search(rb"data-code>([0-9A-Z]+)<", controls).group(1).decode()
        step = urllib.parse.urlencode({"csrf_token": token, "do": "open", "target": "culture"}).encode()
        body = request(https_port, context, "POST", f"/admin/workshops/{number}/step", step,
                       {**form, "Accept": "application/json"})[1]  # fmt: skip
        question = json.loads(body)["questions"][0]

        stream = http.client.HTTPSConnection(HOST, https_port, context=context, timeout=10)
        stream.request("GET", f"/admin/api/workshops/{number}/events", headers={"Cookie": cookie})
        events = stream.getresponse()
        assert events.status == 200 and events.getheader("Content-Type").startswith("text/event-stream")

        def next_event() -> dict:
            while not (line := events.readline()).startswith(b"data: "):
                assert line, "the stream ended"
            return json.loads(line[6:])

        assert next_event()["answers"] == 0
        def phone(path: str, body: dict) -> int:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
            where = f"/api/workshops/{code}/{path}"
            return request(https_port, context, "POST", where, data, headers)[0].status

        assert phone("join", {"token": "t" * 24, "team": "sales"}) == 200
        assert next_event()["joined"] == 1
        sent = time.monotonic()
        assert phone("answers", {"token": "t" * 24, "round": 1, "question": question, "choice": 2}) == 200
        assert next_event()["answers"] == 1 and time.monotonic() - sent < 1.0
        stream.close()
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(timeout=10)
        kill(server)
