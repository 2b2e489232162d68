{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "enrichment-workers.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; role suffixes are added to it. */}}
{{- define "enrichment-workers.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "enrichment-workers.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "enrichment-workers.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one role: pass (dict "root" $ "role" "worker"). */}}
{{- define "enrichment-workers.selectorLabels" -}}
app.kubernetes.io/name: {{ include "enrichment-workers.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{- define "enrichment-workers.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "enrichment-workers.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "enrichment-workers.secretName" -}}
{{- default (printf "%s-secrets" (include "enrichment-workers.fullname" .)) .Values.secret.existingSecret }}
{{- end }}

{{- define "enrichment-workers.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* One variable from the Secret; optional so that an existing Secret may leave keys out. */}}
{{- define "enrichment-workers.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "enrichment-workers.secretName" .root }}
      key: {{ .key }}
      optional: {{ .optional }}
{{- end }}

{{/*
A Deployment for one role. Pass (dict "root" $ "role" "worker" "component" .Values.worker
"replicasManaged" true|false "env" list-of-extra-env-yaml "secretEnv" list-of-dicts).
*/}}
{{- define "enrichment-workers.deployment" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "enrichment-workers.fullname" $root }}-{{ .role }}
  labels:
    {{- include "enrichment-workers.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
spec:
  {{- if not .replicasManaged }}
  replicas: {{ .component.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "enrichment-workers.selectorLabels" (dict "root" $root "role" .role) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "enrichment-workers.selectorLabels" (dict "root" $root "role" .role) | nindent 8 }}
      annotations:
        # Roll the pods when configuration or the chart-made Secret change.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with .component.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "enrichment-workers.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .role }}
          image: {{ include "enrichment-workers.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "enrichment-workers.fullname" $root }}-config
          env:
            - name: ENRICHMENT_ROLES
              value: {{ .role }}
            - name: OTEL_SERVICE_NAME
              value: enrichment-{{ .role }}
            {{- include "enrichment-workers.secretEnv" (dict "root" $root "name" "RABBITMQ_URL" "key" $root.Values.secret.keys.rabbitmqUrl "optional" false) | nindent 12 }}
            {{- include "enrichment-workers.secretEnv" (dict "root" $root "name" "REDIS_URL" "key" $root.Values.secret.keys.redisUrl "optional" true) | nindent 12 }}
            {{- range .secretEnv }}
            {{- include "enrichment-workers.secretEnv" (dict "root" $root "name" .name "key" .key "optional" true) | nindent 12 }}
            {{- end }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $root.Values.config.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          livenessProbe:
            httpGet:
              path: {{ $root.Values.probes.liveness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.liveness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $root.Values.probes.readiness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.readiness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          startupProbe:
            httpGet:
              path: {{ $root.Values.probes.startup.path }}
              port: http
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
          resources:
            {{- toYaml .component.resources | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; .NET and ASP.NET Core still want a writable /tmp.
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
      {{- with .component.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .component.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .component.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* A PodDisruptionBudget for one role: (dict "root" $ "role" "worker" "component" .Values.worker). */}}
{{- define "enrichment-workers.pdb" -}}
{{- if .component.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "enrichment-workers.fullname" .root }}-{{ .role }}
  labels:
    {{- include "enrichment-workers.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
spec:
  minAvailable: {{ .component.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "enrichment-workers.selectorLabels" (dict "root" .root "role" .role) | nindent 6 }}
{{- end }}
{{- end }}
