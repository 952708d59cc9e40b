"""Drives `connections mcp LINK` as an MCP client would, and prints one line of JSON with what it saw.

  mcp_bridge_client.py session CONNECTIONS LINK ORIGIN
      the `mcp` SDK's stdio client (`mcp.client.stdio`): initialize, tools/list, tools/call `whoami`; then every access
      token is expired at the server (ORIGIN/test/expire-tokens; not when ORIGIN is -) and `whoami` is called again in
      the same session.
      With a fifth argument `streamed`, also `wait_for_release`, whose log message must reach the client before its
      answer: only then does the client release it (ORIGIN/test/release).
  mcp_bridge_client.py raw CONNECTIONS LINK
      writes a line that is not JSON, a line of 5 MB and an initialize request, reads three lines back, closes stdin,
      and reports every line of stdout and the exit status.
  mcp_bridge_client.py announce CONNECTIONS LINK
      calls the tool `announce`, which tells the client outside its answer (the server's GET stream) that the tools
      changed, and reports whether that notification arrived (waiting at most 30 s).
  mcp_bridge_client.py many CONNECTIONS LINK N
      starts N bridges at once, sends each an initialize request, and reports each one's first line and exit status.

The bridge gets this process's environment (CONNECTIONS_HOME with it).
"""
import asyncio
import json
import os
import subprocess
import sys
import urllib.request

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

INITIALIZE = {"jsonrpc": "2.0", "id": 7, "method": "initialize",
              "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                         "clientInfo": {"name": "raw-test", "version": "1"}}}


def tool_text(result):
    return json.loads(result.content[0].text)


def post(url):
    urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10)


async def session(connections, link, origin, streamed):
    parameters = StdioServerParameters(command=connections, args=["mcp", link], env=dict(os.environ))
    logged = []

    async def release_when_logged(params):
        logged.append(params.data)
        await asyncio.to_thread(post, origin + "/test/release")

    with open(os.devnull, "w") as quiet:
        async with stdio_client(parameters, errlog=quiet) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=60, logging_callback=release_when_logged) as client:
                initialized = await client.initialize()
                tools = await client.list_tools()
                first = tool_text(await client.call_tool("whoami", {}))
                if origin != "-":
                    post(origin + "/test/expire-tokens")
                second = tool_text(await client.call_tool("whoami", {}))
                released = (await client.call_tool("wait_for_release", {})).content[0].text if streamed else None
    return {"server": initialized.server_info.name, "tools": [tool.name for tool in tools.tools], "whoami": first,
            "after_expiry": second, "released": released, "logged": logged}


async def announce(connections, link):
    parameters = StdioServerParameters(command=connections, args=["mcp", link], env=dict(os.environ))
    heard = asyncio.Event()
    methods = []

    async def on_message(message):
        method = getattr(getattr(message, "root", message), "method", None)
        if method:
            methods.append(method)
            if method == "notifications/tools/list_changed":
                heard.set()

    with open(os.devnull, "w") as quiet:
        async with stdio_client(parameters, errlog=quiet) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=60, message_handler=on_message) as client:
                await client.initialize()
                answer = (await client.call_tool("announce", {})).content[0].text
                try:
                    await asyncio.wait_for(heard.wait(), 30)
                except asyncio.TimeoutError:
                    pass
    return {"answer": answer, "heard": heard.is_set(), "methods": methods}


def raw(connections, link):
    bridge = subprocess.Popen([connections, "mcp", link], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    bridge.stdin.write(b"this is not json\n")
    bridge.stdin.write(b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + b"x" * (5 << 20) + b'"}}\n')
    bridge.stdin.write(json.dumps(INITIALIZE).encode() + b"\n")
    bridge.stdin.flush()
    lines = [bridge.stdout.readline() for _ in range(3)]
    bridge.stdin.close()
    lines += bridge.stdout.read().splitlines()
    status = bridge.wait(timeout=30)
    return {"lines": [json.loads(line) for line in lines if line.strip()], "status": status}


def many(connections, link, count):
    bridges = [subprocess.Popen([connections, "mcp", link], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL) for _ in range(count)]
    for bridge in bridges:
        bridge.stdin.write(json.dumps(INITIALIZE).encode() + b"\n")
        bridge.stdin.flush()
    answers = [json.loads(bridge.stdout.readline()) for bridge in bridges]
    for bridge in bridges:
        bridge.stdin.close()
    return {"answers": answers, "statuses": [bridge.wait(timeout=30) for bridge in bridges]}


def main():
    mode, connections, link = sys.argv[1:4]
    if mode == "session":
        result = asyncio.run(session(connections, link, sys.argv[4], sys.argv[5:] == ["streamed"]))
    elif mode == "announce":
        result = asyncio.run(announce(connections, link))
    elif mode == "many":
        result = many(connections, link, int(sys.argv[4]))
    else:
        result = raw(connections, link)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
