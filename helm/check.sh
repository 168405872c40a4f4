#!/usr/bin/env bash
# Checks the Helm chart: lint, unit tests, and every rendered value set validated against the
# Kubernetes, KEDA and prometheus-operator schemas. Runs from .ci/run on a clean clone.
#
#   helm/check.sh
#
# Tools are pinned and installed once from the registries this machine reaches (Go modules, PyPI)
# into $CHARTBOX_TOOLS (default ~/.cache/chartbox/tools); later runs take seconds.
#   CHARTBOX_CRD_SCHEMAS  kubeconform schemas of the CRDs (default ../shared/crd-schemas; when that
#                         is absent they are generated from PyPI packages, see helm/crd_schemas.py)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
chart=helm/chartbox

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
HELM_UNITTEST_VERSION=v1.1.2
KUBERNETES_VALIDATE_VERSION=1.37.0          # PyPI: ships the core Kubernetes JSON schemas
CLOUDCOIL_KEDA_VERSION=2.16.1.0             # PyPI: typed KEDA models (fallback CRD schemas)
CLOUDCOIL_PROMETHEUS_OPERATOR_VERSION=0.80.1.0
# Oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest the schemas know.
KUBERNETES_VERSIONS=(1.30.0 1.37.0)

tools=${CHARTBOX_TOOLS:-$HOME/.cache/chartbox/tools}
mkdir -p "$tools"
step() { printf '\n== %s\n' "$*"; }
die() { echo "helm/check.sh: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------
command -v go >/dev/null || die "needs Go (go install fetches helm, kubeconform and helm-unittest)"
command -v python3 >/dev/null || die "needs Python 3 with pip"

go_tool() { # name module-path/cmd version: installs into $tools/name-version/ once
  local name=$1 pkg=$2 version=$3 dir="$tools/$1-$3"
  if [ ! -x "$dir/$name" ]; then
    echo "installing $name $version (go install, a few minutes the first time)" >&2
    GOBIN="$dir" GOFLAGS=-buildvcs=false go install "$pkg@$version" >&2
  fi
  echo "$dir/$name"
}

helm_unittest_tool() {
  # go install refuses helm-unittest's module (its go.mod has replace directives): build it from
  # the module downloaded through the Go module proxy instead.
  local dir="$tools/helm-unittest-$HELM_UNITTEST_VERSION"
  if [ ! -x "$dir/helm-unittest" ]; then
    echo "installing helm-unittest $HELM_UNITTEST_VERSION (go build, a few minutes the first time)" >&2
    local src
    src=$(go mod download -json "github.com/helm-unittest/helm-unittest@$HELM_UNITTEST_VERSION" |
          python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
    (cd "$src" && GOFLAGS=-buildvcs=false go build -o "$dir/helm-unittest" ./cmd/helm-unittest) >&2
  fi
  echo "$dir/helm-unittest"
}

k8s_schemas() { # unpacks kubernetes-validate's schemas, made loadable by kubeconform, once
  local dir="$tools/kubernetes-schemas-$KUBERNETES_VALIDATE_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    echo "fetching kubernetes-validate==$KUBERNETES_VALIDATE_VERSION (pip download)" >&2
    local tmp
    tmp=$(mktemp -d "$tools/.kv.XXXXXX")
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" -d "$tmp" >&2
    rm -rf "$dir"
    # Its schemas carry an https $id and refer to "/api/_definitions.json"; kubeconform loads
    # files, so drop the $id and make the references relative to the file.
    python3 - "$tmp"/kubernetes_validate-*.whl "$dir" "${KUBERNETES_VERSIONS[@]}" <<'PY'
import json, pathlib, sys, zipfile
wheel, out, versions = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
prefix = "kubernetes_validate/kubernetes-json-schema/"
with zipfile.ZipFile(wheel) as z:
    for version in versions:
        folder = f"v{version}-local-strict/"
        names = [n for n in z.namelist() if n.startswith(prefix + folder) and n.endswith(".json")]
        if not names:
            sys.exit(f"kubernetes-validate has no schemas for {version}")
        (out / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            doc = json.loads(z.read(name).decode().replace('"/api/_definitions.json#', '"_definitions.json#'))
            doc.pop("$id", None)
            (out / folder / name.rsplit("/", 1)[1]).write_text(json.dumps(doc))
PY
    rm -rf "$tmp"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

crd_schemas() {
  local shared=${CHARTBOX_CRD_SCHEMAS:-$root/../shared/crd-schemas}
  if [ -f "$shared/keda.sh/scaledobject_v1alpha1.json" ] &&
     [ -f "$shared/monitoring.coreos.com/prometheusrule_v1.json" ] &&
     [ -f "$shared/monitoring.coreos.com/servicemonitor_v1.json" ]; then
    (cd "$shared" && pwd)
    return
  fi
  local dir="$tools/crd-schemas-keda-$CLOUDCOIL_KEDA_VERSION-po-$CLOUDCOIL_PROMETHEUS_OPERATOR_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    echo "no CRD schemas at $shared: generating them from PyPI's cloudcoil models" >&2
    rm -rf "$dir"
    python3 -m venv "$dir/venv" >&2
    "$dir/venv/bin/pip" install --quiet "cloudcoil-models-keda==$CLOUDCOIL_KEDA_VERSION" \
      "cloudcoil-models-prometheus-operator==$CLOUDCOIL_PROMETHEUS_OPERATOR_VERSION" >&2
    "$dir/venv/bin/python" helm/crd_schemas.py "$dir/schemas" >&2
    touch "$dir/.complete"
  fi
  echo "$dir/schemas"
}

promqlcheck_tool() { # our PromQL checker (helm/promqlcheck), rebuilt when its source changes
  local hash dir
  hash=$(cat helm/promqlcheck/go.mod helm/promqlcheck/go.sum helm/promqlcheck/*.go | sha256sum | cut -c1-16)
  dir="$tools/promqlcheck-$hash"
  if [ ! -x "$dir/promqlcheck" ]; then
    echo "building helm/promqlcheck (Prometheus' PromQL parser; a minute the first time)" >&2
    (cd helm/promqlcheck && GOFLAGS=-buildvcs=false go build -o "$dir/promqlcheck" .) >&2
  fi
  echo "$dir/promqlcheck"
}

helm=$(go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION")
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")
helm_unittest=$(helm_unittest_tool)
promqlcheck=$(promqlcheck_tool)
k8s=$(k8s_schemas)
crds=$(crd_schemas)
"$helm" version --short
echo "kubeconform $KUBECONFORM_VERSION, helm-unittest $HELM_UNITTEST_VERSION, Kubernetes schemas from kubernetes-validate $KUBERNETES_VALIDATE_VERSION, CRD schemas from $crds"

validate() { # kubernetes-version files...: strict schema validation, core kinds and CRDs
  local version=$1
  shift
  "$kubeconform" -strict -summary -kubernetes-version "$version" \
    -schema-location "$k8s/v$version-local-strict/{{.ResourceKind}}{{.KindSuffix}}.json" \
    -schema-location "$crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" "$@"
}

# --- checks ----------------------------------------------------------------------------------
step "dashboard JSON matches its generator; render.py's Prometheus maths"
python3 dashboards/build_dashboard.py --check
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s dashboards -p 'test_*.py'

step "promqlcheck rejects what it must (a parse error, a metric no app exports)"
if out=$("$promqlcheck" -metrics dashboards/metrics.txt helm/testdata/invalid-rules.yaml 2>&1); then
  echo "$out"; die "promqlcheck accepted helm/testdata/invalid-rules.yaml"
fi
for rule in UnbalancedParenthesis MetricNameTypo; do
  grep -q "rule $rule:" <<<"$out" || { echo "$out"; die "promqlcheck did not reject rule $rule"; }
done
echo "ok: both rejected"

step "kubeconform rejects what it must (a typo in a Deployment, ScaledObject, PrometheusRule, ServiceMonitor)"
# kubeconform skips a schema it cannot compile without a word: prove each schema source bites.
for version in "${KUBERNETES_VERSIONS[@]}"; do
  if out=$(validate "$version" helm/testdata/invalid.yaml 2>&1); then
    echo "$out"; die "kubeconform accepted helm/testdata/invalid.yaml"
  fi
  for kind in Deployment ScaledObject PrometheusRule ServiceMonitor; do
    grep -q "$kind bad is invalid" <<<"$out" || { echo "$out"; die "kubeconform did not reject the $kind in helm/testdata/invalid.yaml"; }
  done
done
echo "ok: all four rejected"

step "helm lint --strict (default values and every ci/*-values.yaml)"
"$helm" lint --strict "$chart"
for values in "$chart"/ci/*-values.yaml; do
  "$helm" lint --strict "$chart" -f "$values" --quiet
done

step "helm-unittest"
"$helm_unittest" --color=false "$chart"

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for values in default "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  args=()
  [ "$values" = default ] || args=(-f "$values")
  for version in "${KUBERNETES_VERSIONS[@]}"; do
    step "helm template ($name values) | kubeconform (Kubernetes $version)"
    "$helm" template chartbox "$chart" --namespace chartbox --kube-version "$version" \
      --api-versions keda.sh/v1alpha1 --api-versions monitoring.coreos.com/v1 \
      "${args[@]}" >"$rendered/$name.yaml"
    grep '^kind:' "$rendered/$name.yaml" | sort | uniq -c | tr '\n' ' '
    echo
    validate "$version" "$rendered/$name.yaml"
  done
done

step "helm package: the chart ships its templates, dashboard and schema, not its tests"
"$helm" package "$chart" -d "$rendered" >/dev/null
contents=$(tar tzf "$rendered"/chartbox-*.tgz)
for want in chartbox/values.schema.json chartbox/dashboards/chartbox.json chartbox/templates/tests/api-ready.yaml; do
  grep -qx "$want" <<<"$contents" || die "the packaged chart lacks $want"
done
if grep -E '^chartbox/(tests|ci)/' <<<"$contents"; then die "the packaged chart holds test files"; fi
echo "ok: $(wc -l <<<"$contents") files"

step "PromQL of the alerts (every value set) and of the dashboard"
"$promqlcheck" -metrics dashboards/metrics.txt "$rendered"/*.yaml "$chart/dashboards/chartbox.json"

echo
echo "helm/check.sh: chart checks passed"
