{{- define "engines.labels" -}}
app.kubernetes.io/part-of: onenet-engines
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}
