// dns-packet's type table (not re-exported by its index, nor typed by @types/dns-packet).
declare module 'dns-packet/types.js' {
  export function toType(name: string): number
  export function toString(type: number): string
}
