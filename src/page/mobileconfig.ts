/**
 * An Apple configuration profile (iOS 14+, macOS 11+) that makes this worker the system's
 * encrypted DNS: one `com.apple.dnsSettings.managed` payload with DNSProtocol HTTPS.
 * The UUIDs are derived from the URL, so installing the profile again replaces it instead of
 * adding a second one.
 */
export const MOBILECONFIG_TYPE = 'application/x-apple-aspen-config'

export async function mobileconfig(dohUrl: string): Promise<string> {
  const host = new URL(dohUrl).hostname
  const [profileId, payloadId] = await Promise.all([uuidFrom(`profile ${dohUrl}`), uuidFrom(`dns ${dohUrl}`)])
  const id = `doh.k8s-gateway.${host.split('.').reverse().join('.')}`
  const name = `k8s-gateway-doh (${host})`
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>DNSSettings</key>
      <dict>
        <key>DNSProtocol</key>
        <string>HTTPS</string>
        <key>ServerURL</key>
        <string>${xml(dohUrl)}</string>
      </dict>
      <key>PayloadDisplayName</key>
      <string>${xml(name)}</string>
      <key>PayloadIdentifier</key>
      <string>${xml(id)}.dns</string>
      <key>PayloadType</key>
      <string>com.apple.dnsSettings.managed</string>
      <key>PayloadUUID</key>
      <string>${payloadId}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
    </dict>
  </array>
  <key>PayloadDescription</key>
  <string>${xml(`Resolves DNS through ${dohUrl} (DNS over HTTPS).`)}</string>
  <key>PayloadDisplayName</key>
  <string>${xml(name)}</string>
  <key>PayloadIdentifier</key>
  <string>${xml(id)}</string>
  <key>PayloadRemovalDisallowed</key>
  <false/>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>${profileId}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A version-5-shaped UUID from SHA-256 (RFC 9562 §5.5 uses SHA-1; any stable hash does here). */
async function uuidFrom(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  digest[6] = (digest[6]! & 0x0f) | 0x50
  digest[8] = (digest[8]! & 0x3f) | 0x80
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase()
}
