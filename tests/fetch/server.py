#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for the fetch tests: a feed with ETag and
Last-Modified, article pages, a missing page, a slow page, an oversized page, a flaky
page (503 once, then 200). Prints its port on stdout, then serves until killed."""
import http.server, socketserver, sys, time

PAGE = """<html><head><title>{t}</title><meta property="article:published_time" content="2024-03-15T10:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{t}</h1><p>{body}</p><p>{body2}</p></article></body></html>"""
state = {"version": 1, "flaky": 0}

def feed():
    items = ["page1", "page2", "missing", "slow", "big", "flaky"] + (["page3"] if state["version"] > 1 else [])
    out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>']
    for i, name in enumerate(items):
        out.append(f"<item><title>Item {name}</title><link>http://127.0.0.1:{PORT}/{name}</link>"
                   f"<pubDate>Fri, 15 Mar 2024 10:0{i}:00 GMT</pubDate>"
                   f"<description>Summary of {name}: la Russia ha condannato la Cina.</description></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, body=b"", ctype="text/html; charset=utf-8", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra: self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(body)
    def do_GET(self):
        p = self.path
        ua = self.headers.get("User-Agent", "")
        if not ua.startswith("rapporti/"):
            return self.send(403, b"who are you?")
        if p == "/feed.xml":
            etag = f'"v{state["version"]}"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304)
            return self.send(200, feed(), "application/rss+xml", [("ETag", etag), ("Last-Modified", "Fri, 15 Mar 2024 10:00:00 GMT")])
        if p == "/bump":
            state["version"] += 1
            return self.send(200, b"ok")
        if p in ("/page1", "/page2", "/page3"):
            n = p[1:]
            return self.send(200, PAGE.format(t=f"Title of {n}", body=f"Il presidente russo Vladimir Putin ha invitato Xi Jinping a Mosca ({n}).",
                                                  body2="I due leader hanno firmato un accordo sulla cooperazione energetica tra i due paesi.").encode())
        if p == "/slow":
            time.sleep(3)
            return self.send(200, PAGE.format(t="slow", body="late", body2="late").encode())
        if p == "/big":
            return self.send(200, b"<html><body>" + b"x" * (20 << 20) + b"</body></html>")
        if p == "/flaky":
            state["flaky"] += 1
            if state["flaky"] == 1:
                return self.send(503, b"try again")
            return self.send(200, PAGE.format(t="Flaky", body="La Francia ha criticato la Germania per la politica energetica, secondo fonti diplomatiche.", body2="Fine.").encode())
        return self.send(404, b"not found")

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):
        pass  # clients that hang up on purpose (time-outs, size limits) are expected

srv = S(("127.0.0.1", 0), H)
PORT = srv.server_address[1]
print(PORT, flush=True)
srv.serve_forever()
