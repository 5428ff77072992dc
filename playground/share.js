/*
 * Share links: the spec travels in the URL fragment as #spec= followed by the
 * base64url encoding (RFC 4648, section 5, without padding) of its UTF-8
 * bytes. A fragment is never sent to a server.
 */
export const SHARE_PREFIX = "#spec=";

export function encodeSpec(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/* Returns the text, or null when the value is not base64url of valid UTF-8. */
export function decodeSpec(value) {
  if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) {
    return null;
  }
  const padded = value.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((value.length + 3) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (notText) {
    return null;
  }
}
