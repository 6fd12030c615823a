"""Print a free TCP port on 127.0.0.1: the first of START..START+49 that binds, else any.

    scripts/free-port.py START
"""
import socket
import sys

start = int(sys.argv[1])
for port in range(start, start + 50):
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.1", port))
        print(port)
        sys.exit(0)
    except OSError:
        pass
    finally:
        probe.close()
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
print(probe.getsockname()[1])
probe.close()
