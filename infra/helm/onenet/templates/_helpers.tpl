{{/* Names and labels shared by every object of the chart. */}}

{{- define "onenet.chart" -}}
{{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* The object name of a component: <release>-<component>, e.g. onenet-deputy-registry. */}}
{{- define "onenet.fullname" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- printf "%s-%s" $root.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Labels that select a component's pods. */}}
{{- define "onenet.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}

{{/* Every label of a component's objects. */}}
{{- define "onenet.labels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $component := index . 2 -}}
{{ include "onenet.selectorLabels" (list $root $name) }}
app.kubernetes.io/component: {{ $component }}
app.kubernetes.io/part-of: onenet
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ include "onenet.chart" $root }}
{{- end }}

{{/* An image reference: <registry>/<name>:<tag>, the tag defaulting to the chart's appVersion. */}}
{{- define "onenet.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- printf "%s/%s:%s" $root.Values.image.registry $name (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end }}

{{/* The pod-level security context of every pod: non-root, seccomp, no service-account token. */}}
{{- define "onenet.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: {{ . }}
  runAsGroup: {{ . }}
  fsGroup: {{ . }}
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{/* The container-level security context of every container: read-only root, no privileges. */}}
{{- define "onenet.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  privileged: false
  capabilities:
    drop: ["ALL"]
{{- end }}

{{/*
A NetworkPolicy peer for one of .Values.peers: pods with these labels, in the release's namespace
when `namespace` is empty, else in that namespace.
*/}}
{{- define "onenet.peer" -}}
{{- $root := index . 0 -}}{{- $peer := index $root.Values.peers (index . 1) -}}
{{- if not $peer }}{{ fail (printf "peers.%s is not defined" (index . 1)) }}{{ end -}}
{{- if $peer.cidrs }}
{{- range $peer.cidrs }}
- ipBlock:
    cidr: {{ . }}
{{- end }}
{{- else }}
- podSelector:
    matchLabels:
      {{- toYaml $peer.podLabels | nindent 6 }}
  {{- if $peer.namespace }}
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ $peer.namespace }}
  {{- end }}
{{- end }}
{{- end }}

{{/* An egress rule to one of .Values.peers on its ports. */}}
{{- define "onenet.egressTo" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $peer := index $root.Values.peers $name -}}
- to:
    {{- include "onenet.peer" (list $root $name) | nindent 4 }}
  ports:
    {{- range $peer.ports }}
    - port: {{ .port }}
      protocol: {{ .protocol | default "TCP" }}
    {{- end }}
{{- end }}

{{/* The environment every service shares: where the engines are, how to shut down. */}}
{{- define "onenet.serviceEnv" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $svc := index . 2 -}}
{{- $pg := $root.Values.postgres -}}
- name: NODE_ENV
  value: production
- name: PORT
  value: "8080"
- name: HOST
  value: "0.0.0.0"
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-%s-app" $pg.cluster $svc.schema }}
      key: password
- name: DATABASE_URL
  value: {{ printf "postgres://%s_app:$(DATABASE_PASSWORD)@%s:5432/%s" $svc.schema $pg.poolerHost $pg.database | quote }}
# The migration Job applies migrations as the owner; the pods never hold the owner's credentials.
- name: MIGRATE_ON_START
  value: "false"
- name: DATABASE_POOL_MAX
  value: {{ $svc.databasePoolMax | default $root.Values.databasePoolMax | quote }}
- name: NATS_URL
  value: {{ $root.Values.nats.url | quote }}
- name: OIDC_ISSUER
  value: {{ printf "%s/realms/%s" $root.Values.publicUrl $root.Values.keycloak.realm | quote }}
- name: OIDC_AUDIENCE
  value: {{ $root.Values.keycloak.audience | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $root.Values.otel.endpoint | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ $name }}
- name: SHUTDOWN_DELAY_MS
  value: {{ $root.Values.shutdown.delayMs | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ $root.Values.shutdown.timeoutMs | quote }}
- name: {{ $svc.filesDirEnv }}
  value: /data/files
- name: FILES_BACKEND
  value: {{ $root.Values.files.backend }}
{{- if eq $root.Values.files.backend "s3" }}
{{- $s3 := $root.Values.files.s3 }}
- name: S3_ENDPOINT
  value: {{ $s3.endpoint | quote }}
- name: S3_BUCKET
  value: {{ $svc.bucket | quote }}
- name: S3_REGION
  value: {{ $s3.region | quote }}
- name: S3_FORCE_PATH_STYLE
  value: {{ $s3.forcePathStyle | quote }}
- name: S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentialsSecret }}
      key: access-key-id
- name: S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentialsSecret }}
      key: secret-access-key
{{- end }}
{{- end }}
