"""1,000 `tools/call` round trips through `connections mcp LINK` (the `mcp` SDK's stdio client) beside the SDK's own
streamable HTTP client with a fixed token, on the same server, in alternating rounds; prints median ms per call.

  mcp_calls.py CONNECTIONS LINK ENDPOINT TOKEN [CALLS]
"""
import asyncio
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlparse

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client


async def timed(client, calls, times):
    for _ in range(calls):
        start = time.perf_counter()
        await client.call_tool("whoami", {})
        times.append((time.perf_counter() - start) * 1000)


async def main(connections, link, endpoint, token, calls):
    bridge, direct = [], []
    parameters = StdioServerParameters(command=connections, args=["mcp", link], env=dict(os.environ))
    with open(os.devnull, "w") as quiet:
        async with stdio_client(parameters, errlog=quiet) as (read, write), ClientSession(read, write) as through:
            await through.initialize()
            headers = {"Authorization": f"Bearer {token}"}
            async with create_mcp_http_client(headers=headers) as http, \
                    streamable_http_client(endpoint, http_client=http) as (dread, dwrite), \
                    ClientSession(dread, dwrite) as straight:
                await straight.initialize()
                await timed(through, 20, [])
                await timed(straight, 20, [])
                for _ in range(10):
                    await timed(through, calls // 10, bridge)
                    await timed(straight, calls // 10, direct)
                port = urlparse(endpoint).port
                open_now = subprocess.run(["ss", "-Htnp", "state", "established", f"( dport = :{port} )"],
                                          capture_output=True, text=True).stdout.strip().splitlines()
    bridge_open = sum('"connections"' in line for line in open_now)
    print(f"HTTP connections open to the server at the end: the bridge {bridge_open} (its requests' and its GET stream's), "
          f"the SDK client {len(open_now) - bridge_open}")
    ours, base = statistics.median(bridge), statistics.median(direct)
    print(f"tools/call x{len(bridge)}: through connections mcp {ours:6.2f} ms   SDK client, fixed token {base:6.2f} ms   "
          f"ratio {ours / base:4.2f}x (median per call)")


if __name__ == "__main__":
    connections, link, endpoint, token = sys.argv[1:5]
    asyncio.run(main(connections, link, endpoint, token, int(sys.argv[5]) if len(sys.argv) > 5 else 1000))
