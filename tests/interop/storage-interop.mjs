// Interop probe for the Reimburse storage clients: reads and writes Azurite with the OFFICIAL Azure SDKs for
// JavaScript, so that the C# tests can check that both sides agree on values and types.
// Usage: node storage-interop.mjs <mode> <args...>; the connection string comes from REIMBURSE_INTEROP_STORAGE.
// Output: one JSON document on stdout. Runs offline against the local emulator only.
import { TableClient, odata } from "@azure/data-tables";
import { BlobServiceClient } from "@azure/storage-blob";
import { QueueClient, StorageSharedKeyCredential } from "@azure/storage-queue";

const connectionString = process.env.REIMBURSE_INTEROP_STORAGE;
if (!connectionString) {
  console.error("REIMBURSE_INTEROP_STORAGE is not set");
  process.exit(2);
}
const [mode, ...args] = process.argv.slice(2);
const insecure = { allowInsecureConnection: true };

// Every property as { type, value } exactly as the service sent it (no conversion to JS types, which would lose
// Int64 and DateTime precision).
function describeEntity(entity) {
  const props = {};
  for (const [name, value] of Object.entries(entity)) {
    if (["partitionKey", "rowKey", "etag", "timestamp", "odata.metadata"].includes(name)) continue;
    props[name] = typeof value === "object" && value !== null ? { type: value.type, value: String(value.value) } : { type: typeof value, value: String(value) };
  }
  return { partitionKey: entity.partitionKey, rowKey: entity.rowKey, props };
}

async function tableRead([table, partition]) {
  const client = TableClient.fromConnectionString(connectionString, table, insecure);
  const entities = [];
  for await (const entity of client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partition}` }, disableTypeConversion: true })) {
    entities.push(describeEntity(entity));
  }
  return entities;
}

async function tableWrite([table, partition]) {
  const client = TableClient.fromConnectionString(connectionString, table, insecure);
  await client.createTable();
  await client.createEntity({
    partitionKey: partition,
    rowKey: "types",
    Text: "カード再発行手数料 'quoted' \"double\" 100%",
    Int32: -2000000000,
    Int64Small: { value: "5", type: "Int64" },
    Int64Big: { value: "9007199254740993", type: "Int64" },
    Double: { value: 0.1, type: "Double" },
    DoubleWhole: { value: 2, type: "Double" },
    True: true,
    False: false,
    When: { value: "2024-02-29T23:59:58.1234567Z", type: "DateTime" },
    Id: { value: "0f8fad5b-d9cb-469f-a165-70867728950e", type: "Guid" },
    Bytes: new Uint8Array([0, 1, 2, 254, 255]),
  });
  const actions = [];
  for (let i = 0; i < 5; i++) {
    actions.push(["create", { partitionKey: partition, rowKey: `tx-${i}`, N: i, Big: { value: String(2 ** 40 + i), type: "Int64" } }]);
  }
  await client.submitTransaction(actions);
  return { written: 6 };
}

async function blobRead([container, name]) {
  const blob = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container).getBlobClient(name);
  const properties = await blob.getProperties();
  const content = await blob.downloadToBuffer();
  return { contentBase64: content.toString("base64"), contentType: properties.contentType, metadata: properties.metadata };
}

async function blobWrite([container, name]) {
  const containerClient = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  await containerClient.createIfNotExists();
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff]);
  await containerClient.getBlockBlobClient(name).uploadData(bytes, {
    blobHTTPHeaders: { blobContentType: "application/pdf" },
    metadata: { claimId: "C-9", kind: "statement" },
  });
  return { written: bytes.length };
}

async function queueRead([queue]) {
  const client = new QueueClient(queueUrl(queue), credentialFromConnectionString());
  const received = await client.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
  return received.receivedMessageItems.map((m) => ({ messageText: m.messageText, dequeueCount: m.dequeueCount }));
}

async function queueWrite([queue, text]) {
  const client = new QueueClient(queueUrl(queue), credentialFromConnectionString());
  await client.createIfNotExists();
  // What the Functions queue trigger expects by default: the body's bytes in base64.
  await client.sendMessage(Buffer.from(text, "utf8").toString("base64"));
  return { written: 1 };
}

// QueueClient has no fromConnectionString for a single queue with explicit endpoints; build it from the parts.
function settings() {
  return Object.fromEntries(connectionString.split(";").filter(Boolean).map((part) => {
    const eq = part.indexOf("=");
    return [part.slice(0, eq), part.slice(eq + 1)];
  }));
}

function queueUrl(queue) {
  return `${settings().QueueEndpoint.replace(/\/$/, "")}/${queue}`;
}

function credentialFromConnectionString() {
  const { AccountName, AccountKey } = settings();
  return new StorageSharedKeyCredential(AccountName, AccountKey);
}

const modes = { "table-read": tableRead, "table-write": tableWrite, "blob-read": blobRead, "blob-write": blobWrite, "queue-read": queueRead, "queue-write": queueWrite };
const run = modes[mode];
if (!run) {
  console.error(`unknown mode ${mode}; one of ${Object.keys(modes).join(", ")}`);
  process.exit(2);
}
try {
  process.stdout.write(JSON.stringify(await run(args)));
} catch (error) {
  console.error(`${mode} failed: ${error?.message ?? error}`);
  process.exit(1);
}
