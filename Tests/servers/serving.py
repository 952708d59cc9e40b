"""Runs a uvicorn server on a bound socket until stdin closes, printing {"port": N} once it accepts requests:
the way every Python test server here tells the tests it is ready and is told to stop."""
import asyncio
import json
import socket
import sys


def loopback_listener():
    """A TCP socket bound to a free port of 127.0.0.1, and the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    return listener, listener.getsockname()[1]


def serve_until_stdin_closes(web, listener, port):
    async def run():
        serving = asyncio.create_task(web.serve(sockets=[listener]))
        while not web.started:
            await asyncio.sleep(0.01)
        print(json.dumps({"port": port}), flush=True)
        await asyncio.to_thread(sys.stdin.read)
        web.should_exit = True
        await serving

    asyncio.run(run())
