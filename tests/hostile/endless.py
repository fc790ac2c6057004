#!/usr/bin/env python3
"""A feed that never ends: answers 200 and streams XML forever (for the hostile suite).
Prints its port, serves one connection at a time until killed."""
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(4)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    try:
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss><channel>")
        while True:
            c.sendall(b"<item><title>again</title></item>" * 1000)
    except OSError:
        pass
    finally:
        c.close()
