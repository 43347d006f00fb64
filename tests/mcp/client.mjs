// Drives `fmselect mcp` with the official MCP TypeScript SDK client, the way
// an assistant would: spawn it, initialize, list the tools, call them, close
// standard input. tests/mcp.rs runs this script and checks what it prints.
//
// usage: node client.mjs FMSELECT_BINARY REQUIREMENTS.json
// Prints one JSON object on stdout: what the server answered, the wire
// transcript of the two `recommend` calls, and how the server exited.

import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from "@modelcontextprotocol/sdk/client/stdio.js";

const [binary, requirementsFile] = process.argv.slice(2);
if (!binary || !requirementsFile) {
  console.error("usage: node client.mjs FMSELECT_BINARY REQUIREMENTS.json");
  process.exit(2);
}

// Every step is bounded; the whole run too.
const REQUEST = { timeout: 30_000 };
setTimeout(() => {
  console.error("client.mjs: the whole run took over 90 s; giving up");
  process.exit(3);
}, 90_000).unref();

const sdkVersion = JSON.parse(
  readFileSync(
    new URL("./node_modules/@modelcontextprotocol/sdk/package.json", import.meta.url),
  ),
).version;
const requirements = JSON.parse(readFileSync(requirementsFile, "utf8"));

const env = { ...getDefaultEnvironment() };
for (const name of ["SOURCE_DATE_EPOCH", "NO_COLOR"]) {
  if (process.env[name] !== undefined) env[name] = process.env[name];
}
const transport = new StdioClientTransport({
  command: binary,
  args: ["mcp"],
  env,
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => (stderr += chunk));

// The wire transcript, recorded while `recording` is set.
const transcript = [];
let recording = false;

const client = new Client({ name: "fmselect-mcp-test", version: "1.0.0" });
await client.connect(transport);
{
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (recording) transcript.push({ to: "server", message });
    return send(message, options);
  };
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (recording) transcript.push({ to: "client", message });
    receive(message, extra);
  };
}
// The SDK keeps the server's process in `_process` (no public accessor):
// its exit status is how the test sees that the server stopped by itself.
const child = transport._process;
const exited = new Promise((resolve) =>
  child.once("exit", (code, signal) => resolve({ code, signal })),
);

const out = {
  client: { name: "@modelcontextprotocol/sdk", version: sdkVersion },
  server: client.getServerVersion(),
  capabilities: client.getServerCapabilities(),
};

const tools = await client.listTools(undefined, REQUEST);
out.tools = tools.tools.map((t) => ({
  name: t.name,
  schema_type: t.inputSchema?.type,
  properties: Object.keys(t.inputSchema?.properties ?? {}),
  required: t.inputSchema?.required ?? [],
}));

const resources = await client.listResources(undefined, REQUEST);
out.resources = resources.resources.map((r) => r.uri);
const schema = await client.readResource({ uri: "fmselect://schema/requirements" }, REQUEST);
out.requirements_schema_title = JSON.parse(schema.contents[0].text).title;

function summarise(result) {
  return {
    is_error: result.isError === true,
    texts: result.content.filter((c) => c.type === "text").map((c) => c.text),
    structured: result.structuredContent ?? null,
  };
}

recording = true;
out.recommend = summarise(
  await client.callTool({ name: "recommend", arguments: { requirements } }, undefined, REQUEST),
);

// A malformed document: `volume` misspelt.
const { volume, ...rest } = requirements;
out.malformed = summarise(
  await client.callTool(
    { name: "recommend", arguments: { requirements: { ...rest, volumes: volume } } },
    undefined,
    REQUEST,
  ),
);
recording = false;
out.transcript = transcript;

// The same server goes on serving.
out.after = summarise(
  await client.callTool(
    { name: "explain_exclusion", arguments: { requirements, model: "gpt-5.2" } },
    undefined,
    REQUEST,
  ),
);
out.search = summarise(
  await client.callTool(
    { name: "catalog_search", arguments: { weights: "open", min_context: 100000 } },
    undefined,
    REQUEST,
  ),
);

// Close standard input ourselves (the SDK's close() would send SIGTERM after
// 2 s): the server must exit by itself, with code 0 and no signal.
const started = Date.now();
child.stdin.end();
out.shutdown = { ...(await exited), ms: Date.now() - started };
await client.close();
out.stderr = stderr;

process.stdout.write(JSON.stringify(out, null, 2) + "\n");
