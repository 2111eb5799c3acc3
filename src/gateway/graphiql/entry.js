// GraphiQL against this server's own /graphql, bundled by assets.ts (esbuild) from node_modules at first use.
// The headers editor starts with how to get a demo token; history and the docs explorer are GraphiQL's own
// (history kept in this browser's localStorage; headers, which hold tokens, are not persisted).
import { GraphiQL } from 'graphiql'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'

const url = new URL('/graphql', location.href).href

/** GraphQL over HTTP: POST JSON, the editor's headers added. */
async function fetcher (params, options) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(options?.headers ?? {}) }
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(params) })
  return res.json()
}

const defaultHeaders = JSON.stringify({ Authorization: 'Bearer <paste a token: npm run medledger -- token --as alice>' }, null, 2)

const defaultQuery = `# medledger GraphQL API.
# 1. Get a token for a demo user:  npm run medledger -- token --as alice
# 2. Put it in the Headers tab below (replace the <…> part), then run (Ctrl+Enter).
query Me {
  me { id roles patient { id } }
  ledgerHead { height treeSize root }
}
`

createRoot(document.getElementById('graphiql')).render(createElement(GraphiQL, {
  fetcher,
  defaultQuery,
  defaultHeaders,
  defaultEditorToolsVisibility: 'headers',
  shouldPersistHeaders: false
}))
