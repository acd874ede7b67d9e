{{/* Names: the release name, unless it already contains the chart's. */}}
{{- define "k8s-gateway-doh.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "k8s-gateway-doh.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: sync-agent
{{- end -}}

{{- define "k8s-gateway-doh.labels" -}}
{{ include "k8s-gateway-doh.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.customLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "k8s-gateway-doh.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "k8s-gateway-doh.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: the existing ServiceAccount to run as (serviceAccount.create is false)" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "k8s-gateway-doh.image" -}}
{{- $repo := .Values.image.repository -}}
{{- with .Values.image.registry }}{{ $repo = printf "%s/%s" . $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
What the agent reads for each kind it can serve (sync-agent/watch/kinds.ts): API group and
resource. Routes also read their parent Gateways.
*/}}
{{- define "k8s-gateway-doh.kindTable" -}}
Ingress: networking.k8s.io/ingresses
Service: /services
Node: /nodes
HTTPRoute: gateway.networking.k8s.io/httproutes
TLSRoute: gateway.networking.k8s.io/tlsroutes
GRPCRoute: gateway.networking.k8s.io/grpcroutes
VirtualServer: k8s.nginx.org/virtualservers
DNSEndpoint: externaldns.k8s.io/dnsendpoints
{{- end -}}

{{/*
The kinds served, space separated: watchedResources, or with a raw corefile the union of its
`resources` lines (the plugin's default, Ingress Service, when it has none).
*/}}
{{- define "k8s-gateway-doh.kinds" -}}
{{- $kinds := list -}}
{{- if .Values.corefile -}}
{{- $lines := regexFindAll "(?m)^[ \\t]*resources[ \\t]+[^\\n#]*" .Values.corefile -1 -}}
{{- range $lines -}}
{{- range rest (splitList " " (regexReplaceAll "\\s+" (trim .) " ")) }}{{ $kinds = append $kinds . }}{{ end -}}
{{- end -}}
{{- if not $lines }}{{ $kinds = list "Ingress" "Service" }}{{ end -}}
{{- else -}}
{{- $kinds = .Values.watchedResources -}}
{{- end -}}
{{- $table := include "k8s-gateway-doh.kindTable" . | fromYaml -}}
{{- range $kinds -}}
{{- if not (hasKey $table .) -}}
{{- fail (printf "watchedResources: unknown kind %q (known: %s)" . (keys $table | sortAlpha | join " ")) -}}
{{- end -}}
{{- end -}}
{{- $kinds | uniq | join " " -}}
{{- end -}}

{{/* The zones: domain as a string of names or a list. */}}
{{- define "k8s-gateway-doh.zones" -}}
{{- $d := .Values.domain -}}
{{- if kindIs "slice" $d }}{{ $d | join " " }}{{ else }}{{ regexReplaceAll "\\s+" (trim (toString $d)) " " }}{{ end -}}
{{- end -}}

{{/* The Corefile the agent reads: the raw `corefile` value, or one rendered from the values. */}}
{{- define "k8s-gateway-doh.corefile" -}}
{{- if .Values.corefile -}}
{{ .Values.corefile }}
{{- else -}}
{{- $zones := include "k8s-gateway-doh.zones" . -}}
{{- if not $zones }}{{ fail "domain: the zone (or zones) to serve, e.g. example.com; or set corefile" }}{{ end -}}
{{- if .Values.resolveAll }}
. {
    k8s_gateway {{ $zones }} {
{{- else }}
{{ $zones }} {
    k8s_gateway {
{{- end }}
        resources {{ include "k8s-gateway-doh.kinds" . }}
        ttl {{ .Values.ttl }}
        {{- with .Values.apex }}
        apex {{ . }}
        {{- end }}
        {{- with .Values.secondary }}
        secondary {{ . }}
        {{- end }}
        {{- with .Values.filters.ingressClasses }}
        ingressClasses {{ join " " . }}
        {{- end }}
        {{- with .Values.filters.gatewayClasses }}
        gatewayClasses {{ join " " . }}
        {{- end }}
        {{- with .Values.filters.serviceLabelSelectors }}
        serviceLabelSelectors {{ range $i, $s := . }}{{ if $i }} {{ end }}{{ $s | quote }}{{ end }}
        {{- end }}
        {{- if .Values.fallthrough.enabled }}
        fallthrough{{ range .Values.fallthrough.zones }} {{ . }}{{ end }}
        {{- end }}
        {{- with .Values.nodeAddressType }}
        nodeAddressType {{ . }}
        {{- end }}
    }
    {{- with .Values.upstream }}
    forward . {{ . }}
    {{- end }}
}
{{- end }}
{{- end -}}
