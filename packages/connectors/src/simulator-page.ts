/** The head of a simulator's control page (`GET /__sim`): one look for every simulator, its accent colour its own. */
export function simulatorPageHead(title: string, accent: string, inputWidth = "80px"): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px system-ui,sans-serif;margin:32px;max-width:760px;color:#1b1f24}h1{font-size:20px}
fieldset{border:1px solid #e2e5ea;border-radius:8px;padding:14px;margin:0 0 16px}button{font:inherit;font-weight:600;padding:6px 14px;border-radius:6px;border:1px solid ${accent};background:${accent};color:#fff;cursor:pointer}
input{font:inherit;padding:5px 8px;width:${inputWidth}}pre{background:#f6f7f9;padding:10px;border-radius:6px;overflow:auto;max-height:320px}</style></head>`;
}
