{{/* Names and labels. */}}

{{- define "chartbox.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "chartbox.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-api" or "<fullname>-worker": call with (dict "root" $ "component" "api"). */}}
{{- define "chartbox.componentName" -}}
{{- printf "%s-%s" (include "chartbox.fullname" .root | trunc 56 | trimSuffix "-") .component }}
{{- end }}

{{- define "chartbox.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "chartbox.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: chartbox
{{- end }}

{{- define "chartbox.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chartbox.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: (dict "root" $ "component" "worker"). */}}
{{- define "chartbox.componentLabels" -}}
{{ include "chartbox.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "chartbox.componentSelectorLabels" -}}
{{ include "chartbox.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "chartbox.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chartbox.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* registry/repository@digest (pinned) or registry/repository:tag of one app: (dict "root" $ "app" .Values.worker). */}}
{{- define "chartbox.image" -}}
{{- $g := .root.Values.image }}
{{- $repo := .app.image.repository }}
{{- if $g.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" $g.registry) $repo }}{{ end }}
{{- if .app.image.digest }}
{{- printf "%s@%s" $repo .app.image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (.app.image.tag | default $g.tag | default .root.Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The Secret holding S3 credentials (and, if so configured, the bootstrap servers and endpoint). */}}
{{- define "chartbox.secretName" -}}
{{- default (include "chartbox.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
The apps' connection settings: the one place that names the apps' environment variables (Spring
Boot's relaxed binding of their configuration properties). If an app renames a property, change it
here. A value in values.yaml wins; an empty one is read from existingSecret. Called with the root
context, or with (dict "root" $ "s3Secret" .Values.api.s3CredentialsSecret) for an app's own S3 credentials.
*/}}
{{- define "chartbox.connectionEnv" -}}
{{- $s3Secret := "" }}
{{- if hasKey . "root" }}{{ $s3Secret = .s3Secret }}{{ end }}
{{- with (hasKey . "root" | ternary .root .) }}
{{- $keys := .Values.existingSecretKeys }}
{{- $secret := $s3Secret | default (include "chartbox.secretName" .) -}}
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
{{- if .Values.kafka.bootstrapServers }}
  value: {{ .Values.kafka.bootstrapServers | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.bootstrapServers is empty: set it, or existingSecret to a Secret that holds it" .Values.existingSecret }}
      key: {{ $keys.kafkaBootstrapServers }}
{{- end }}
- name: CHARTBOX_S3_ENDPOINT
{{- if .Values.s3.endpoint }}
  value: {{ .Values.s3.endpoint | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ required "s3.endpoint is empty: set it, or existingSecret to a Secret that holds it" .Values.existingSecret }}
      key: {{ $keys.s3Endpoint }}
{{- end }}
- name: CHARTBOX_S3_REGION
  value: {{ .Values.s3.region | quote }}
- name: CHARTBOX_S3_BUCKET
  value: {{ .Values.s3.bucket | quote }}
- name: CHARTBOX_TOPICS_JOBS
  value: {{ .Values.kafka.topics.jobs | quote }}
- name: CHARTBOX_TOPICS_RESULTS
  value: {{ .Values.kafka.topics.results | quote }}
- name: CHARTBOX_TOPICS_DEADLETTER
  value: {{ .Values.kafka.topics.deadLetter | quote }}
- name: CHARTBOX_TOPICS_PARTITIONS
  value: {{ .Values.kafka.topics.partitions | quote }}
- name: CHARTBOX_TOPICS_REPLICAS
  value: {{ .Values.kafka.topics.replicationFactor | quote }}
{{- if or $s3Secret .Values.existingSecret .Values.s3.accessKey }}
- name: CHARTBOX_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.s3AccessKey }}
- name: CHARTBOX_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.s3SecretKey }}
{{- end }}
{{- include "chartbox.kafkaSecurityEnv" . }}
{{- end }}
{{- end }}

{{/* Kafka SASL/TLS for both apps, as Spring Boot's spring.kafka.* settings. */}}
{{- define "chartbox.kafkaSecurityEnv" -}}
{{- $sec := .Values.kafka.security }}
{{- with $sec.protocol }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ . | quote }}
{{- end }}
{{- with $sec.saslMechanism }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ . | quote }}
{{- end }}
{{- with $sec.saslJaasConfigSecret.name }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $sec.saslJaasConfigSecret.key }}
{{- end }}
{{- if $sec.caCertSecret.name }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION
  value: /etc/chartbox/kafka-ca/{{ $sec.caCertSecret.key }}
{{- end }}
{{- end }}

{{/* The Kafka CA volume and its mount, when kafka.security.caCertSecret is set: "volume" or "mount". */}}
{{- define "chartbox.kafkaCa" -}}
{{- $ca := .root.Values.kafka.security.caCertSecret }}
{{- if $ca.name }}
{{- if eq .part "volume" }}
- name: kafka-ca
  secret:
    secretName: {{ $ca.name }}
{{- else }}
- name: kafka-ca
  mountPath: /etc/chartbox/kafka-ca
  readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{/* The worker's own settings (same rule: the app's variable names live only here). */}}
{{- define "chartbox.workerEnv" -}}
{{- $grace := int .Values.worker.terminationGracePeriodSeconds }}
{{- $deadline := int .Values.jobLimits.maxDeadlineSeconds }}
{{- if lt $grace (add $deadline 30) }}
{{- fail (printf "worker.terminationGracePeriodSeconds (%d) must be at least jobLimits.maxDeadlineSeconds + 30 (%d): a stopping worker finishes its running jobs first" $grace (add $deadline 30)) }}
{{- end }}
- name: CHARTBOX_WORKER_SANDBOXES
  value: {{ .Values.worker.concurrency | quote }}
# Runs of a small chart before consuming, so the JIT has compiled the guest; not ready meanwhile.
- name: CHARTBOX_WORKER_WARMUPRUNS
  value: {{ .Values.worker.warmUpRuns | quote }}
# More of them once ready, only while the worker has no job.
- name: CHARTBOX_WORKER_IDLEWARMUPRUNS
  value: {{ .Values.worker.idleWarmUpRuns | quote }}
# The worker enforces the same job-limit maximums as the api (its memory sizing below assumes them).
- name: CHARTBOX_WORKER_MAXLIMITS_DEADLINE
  value: {{ printf "%ds" $deadline | quote }}
- name: CHARTBOX_WORKER_MAXLIMITS_MEMORY
  value: {{ .Values.jobLimits.maxMemory | quote }}
- name: CHARTBOX_WORKER_MAXLIMITS_OUTPUTBYTES
  value: {{ .Values.jobLimits.maxOutputBytes | default "200MB" | quote }}
- name: CHARTBOX_WORKER_MAXLIMITS_STDOUT
  value: {{ .Values.jobLimits.maxStreamBytes | default "16MB" | quote }}
- name: CHARTBOX_WORKER_MAXLIMITS_STDERR
  value: {{ .Values.jobLimits.maxStreamBytes | default "16MB" | quote }}
# Attempts at a job that each ended their worker (OOM, kill) before it ends INTERNAL_ERROR.
- name: CHARTBOX_WORKER_MAXATTEMPTS
  value: {{ .Values.worker.maxAttempts | quote }}
# Names the worker in results: the pod's name.
- name: CHARTBOX_WORKER_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
# How long a stopping worker waits for its running jobs, within the pod's grace period.
- name: CHARTBOX_WORKER_SHUTDOWNGRACE
  value: {{ printf "%ds" (sub $grace 20) | quote }}
{{- end }}

{{/* The api's own settings. */}}
{{- define "chartbox.apiEnv" -}}
- name: MANAGEMENT_SERVER_PORT
  value: {{ .Values.api.managementPort | quote }}
{{- with .Values.api.auth.apiKeys.existingSecret }}
- name: CHARTBOX_API_AUTH_APIKEYSFILE
  value: /etc/chartbox/api-keys/{{ $.Values.api.auth.apiKeys.secretKey }}
{{- end }}
{{- with .Values.api.auth.jwt.issuerUri }}
- name: SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI
  value: {{ . | quote }}
{{- end }}
{{- with .Values.api.auth.jwt.audiences }}
- name: SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES
  value: {{ join "," . | quote }}
{{- end }}
- name: CHARTBOX_API_AUTH_TENANTCLAIM
  value: {{ .Values.api.auth.jwt.tenantClaim | quote }}
- name: CHARTBOX_API_MAXLIMITS_DEADLINE
  value: {{ printf "%ds" (int .Values.jobLimits.maxDeadlineSeconds) | quote }}
- name: CHARTBOX_API_MAXLIMITS_MEMORY
  value: {{ .Values.jobLimits.maxMemory | quote }}
- name: CHARTBOX_API_MAXLIMITS_OUTPUTBYTES
  value: {{ .Values.jobLimits.maxOutputBytes | default "200MB" | quote }}
- name: CHARTBOX_API_MAXLIMITS_STDOUT
  value: {{ .Values.jobLimits.maxStreamBytes | default "16MB" | quote }}
- name: CHARTBOX_API_MAXLIMITS_STDERR
  value: {{ .Values.jobLimits.maxStreamBytes | default "16MB" | quote }}
{{- end }}

{{/* Settings both Spring Boot apps share: probes, graceful shutdown within the grace period. */}}
{{- define "chartbox.springEnv" -}}
- name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED
  value: "true"
- name: SERVER_SHUTDOWN
  value: graceful
- name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
  value: {{ printf "%ds" (sub (int .grace) 10 | max 5) | quote }}
- name: JDK_JAVA_OPTIONS
  value: {{ .javaOpts | quote }}
{{- end }}

{{/* Pod-level settings shared by both Deployments: (dict "root" $ "app" .Values.api). */}}
{{- define "chartbox.podScheduling" -}}
{{- with .app.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .app.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .app.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .app.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .app.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Actuator probe groups on a container port (default http): (dict "probes" .Values.api.probes "port" "management"). */}}
{{- define "chartbox.probes" -}}
{{- $port := .port | default "http" }}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ $port }}
  periodSeconds: {{ .probes.startup.periodSeconds }}
  failureThreshold: {{ .probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ $port }}
  periodSeconds: {{ .probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: {{ $port }}
  periodSeconds: {{ .probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .probes.readiness.failureThreshold }}
{{- end }}

{{/* A checksum of the chart-made Secret, so pods restart when credentials change. */}}
{{- define "chartbox.secretChecksum" -}}
{{- if and (not .Values.existingSecret) .Values.s3.accessKey }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{/* "9092/TCP, 9093/TCP" from a networkPolicy rule's ports. */}}
{{- define "chartbox.ports" -}}
{{- $out := list }}
{{- range .ports }}{{ $out = append $out (printf "%v/%s" .port (.protocol | default "TCP")) }}{{ end }}
{{- join ", " $out }}
{{- end }}
