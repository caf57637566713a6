"""The deployment files stay true to the code.

No container engine or cluster is available to the tests, so these checks are
static: every YAML file parses, every container runs a real `newsalert`
subcommand with real options, every NEWSALERT_* variable is a real setting,
no secret value is written into compose or the ConfigMap, and the
kustomization lists every manifest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import typer
import yaml
from pydantic import SecretStr

from newsalert.cli import app
from newsalert.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
K8S = DEPLOY / "k8s"
KUSTOMIZATION = K8S / "kustomization.yaml"

YAML_FILES = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
K8S_MANIFESTS = sorted(p for p in K8S.glob("*.y*ml") if p.name != KUSTOMIZATION.name)

CLI = typer.main.get_command(app)
SETTING_VARS = {f"NEWSALERT_{name.upper()}" for name in Settings.model_fields}
# Settings whose values are secrets: the SecretStr fields (tokens, passwords, the
# signing secret) and the database URL, which carries the database password.
SECRET_VARS = {
    f"NEWSALERT_{name.upper()}"
    for name, field in Settings.model_fields.items()
    if SecretStr in getattr(field.annotation, "__args__", (field.annotation,))
} | {"NEWSALERT_DATABASE_URL"}
SECRETISH_KEY = re.compile(r"TOKEN|PASSWORD|SECRET|PASSWD|API_KEY|PRIVATE", re.IGNORECASE)
VAR_REF = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+])[^}]*)?\}$")
NEWSALERT_VAR = re.compile(r"\bNEWSALERT_[A-Z0-9_]+\b")
URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]+:(?P<password>[^@\s]+)@")


def load_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def compose() -> dict[str, Any]:
    return load_all(COMPOSE)[0]


def k8s_docs() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in K8S_MANIFESTS:
        for doc in load_all(path):
            yield path, doc


def pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for path, doc in k8s_docs():
        kind = doc.get("kind")
        if kind in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            yield f"{path.name}:{kind}/{doc['metadata']['name']}", doc["spec"]["template"]["spec"]
        elif kind == "CronJob":
            yield f"{path.name}:{kind}/{doc['metadata']['name']}", doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def k8s_containers() -> Iterator[tuple[str, dict[str, Any]]]:
    for where, spec in pod_specs():
        for container in spec.get("initContainers", []) + spec["containers"]:
            yield f"{where}/{container['name']}", container


def newsalert_services() -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in compose()["services"].items() if str(svc.get("image", "")).startswith("newsalert")}


def env_mapping(environment: Any) -> dict[str, Any]:
    if environment is None:
        return {}
    if isinstance(environment, dict):
        return environment
    out: dict[str, Any] = {}
    for item in environment:
        key, sep, value = str(item).partition("=")
        out[key] = value if sep else None
    return out


def check_cli_args(args: list[str]) -> list[str]:
    """Problems with running `newsalert ARGS`: unknown subcommand or option."""
    if not args:
        return ["no subcommand"]
    command: Any = CLI  # typer vendors click: duck-type groups by their `commands`
    rest = list(args)
    path = ["newsalert"]
    while isinstance(getattr(command, "commands", None), dict):
        if not rest:
            return [f"{' '.join(path)} needs a subcommand"]
        name = rest.pop(0)
        sub = command.commands.get(name)
        if sub is None:
            return [f"{' '.join(path)} has no subcommand {name!r} (has: {', '.join(sorted(command.commands))})"]
        command, path = sub, path + [name]
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)} | {"--help"}
    problems = []
    for token in rest:
        if token.startswith("--") and token.split("=", 1)[0] not in known:
            problems.append(f"{' '.join(path)} has no option {token} (has: {', '.join(sorted(known))})")
    return problems


def container_newsalert_args(container: dict[str, Any]) -> list[str] | None:
    """The newsalert arguments a container runs (the image's ENTRYPOINT is `newsalert`)."""
    command = container.get("command")
    args = list(container.get("args") or [])
    if command:
        if Path(command[0]).name != "newsalert":
            return None
        return list(command[1:]) + args
    return args


# -- every file parses -----------------------------------------------------------------------


def test_there_are_deploy_files():
    assert COMPOSE in YAML_FILES and KUSTOMIZATION in YAML_FILES and K8S_MANIFESTS
    assert (ROOT / "Dockerfile").is_file() and (ROOT / ".dockerignore").is_file()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_yaml_parses(path: Path):
    docs = load_all(path)
    assert docs, f"{path} is empty"
    for doc in docs:
        assert isinstance(doc, dict)


def test_k8s_objects_are_well_formed():
    seen: set[tuple[str, str]] = set()
    for path, doc in k8s_docs():
        assert doc.get("apiVersion") and doc.get("kind") and doc.get("metadata", {}).get("name"), path
        key = (doc["kind"], doc["metadata"]["name"])
        assert key not in seen, f"{key} defined twice"
        seen.add(key)
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == "newsalert", f"{path}: {key} not in namespace newsalert"
    kinds = {kind for kind, _ in seen}
    assert {"Namespace", "ConfigMap", "Secret", "Deployment", "Service", "Job"} <= kinds


# -- commands ----------------------------------------------------------------------------------


def test_dockerfile_entrypoint_is_newsalert():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r'^ENTRYPOINT \["newsalert"\]\s*$', text, re.MULTILINE)
    assert re.search(r"^USER (?!root\b|0\b)\S+", text, re.MULTILINE), "the image must not run as root"
    assert "NEWSALERT_HOME=/var/lib/newsalert" in text and 'VOLUME ["/var/lib/newsalert"]' in text


def test_compose_commands_are_real_subcommands():
    services = newsalert_services()
    assert {"topics", "processor", "alerts", "api", "ingest", "poller"} <= set(services)
    for name, svc in services.items():
        assert "entrypoint" not in svc, f"{name}: the image's entrypoint is `newsalert`; use command"
        command = svc.get("command")
        assert isinstance(command, list), f"{name}: command must be a list"
        problems = check_cli_args([str(c) for c in command])
        assert not problems, f"compose service {name}: {problems}"


def test_k8s_commands_are_real_subcommands():
    containers = list(k8s_containers())
    assert containers
    for where, container in containers:
        args = container_newsalert_args(container)
        assert args is not None, f"{where}: runs something other than newsalert"
        problems = check_cli_args([str(a) for a in args])
        assert not problems, f"{where}: {problems}"


def test_check_cli_args_catches_mistakes():
    assert check_cli_args(["alerts"]) == []
    assert check_cli_args(["kafka", "start"]) == []
    assert check_cli_args(["kafka", "launch"])
    assert check_cli_args(["kafka"])
    assert check_cli_args(["proccessor"])
    assert check_cli_args(["api", "--listen", "0.0.0.0"])


def test_the_stages_in_k8s():
    by_component: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for path, doc in k8s_docs():
        if doc["kind"] in ("Deployment", "Job"):
            by_component[doc["metadata"]["labels"]["app.kubernetes.io/component"]] = (doc, doc["spec"]["template"]["spec"])
    assert {"topics", "processor", "alerts", "api", "ingest", "poller"} <= set(by_component)
    replicas = {name: doc["spec"].get("replicas") for name, (doc, _) in by_component.items() if doc["kind"] == "Deployment"}
    assert replicas["processor"] == 2 and replicas["alerts"] == 2 and replicas["poller"] == 1
    assert by_component["topics"][0]["kind"] == "Job"
    assert container_newsalert_args(by_component["topics"][1]["containers"][0]) == ["kafka", "start"]
    for name, (doc, spec) in by_component.items():
        for container in spec["containers"]:
            resources = container.get("resources", {})
            assert resources.get("requests") and resources.get("limits"), f"{name}: needs resource requests and limits"
    for name in ("api", "ingest"):
        container = by_component[name][1]["containers"][0]
        for probe in ("livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["path"] == "/healthz", f"{name}: {probe}"


def test_k8s_services_select_their_deployments():
    deployments = {doc["metadata"]["name"]: doc for _, doc in k8s_docs() if doc["kind"] == "Deployment"}
    services = [doc for _, doc in k8s_docs() if doc["kind"] == "Service"]
    assert {s["metadata"]["name"] for s in services} >= {"newsalert-api", "newsalert-ingest"}
    for service in services:
        selector = service["spec"]["selector"]
        matches = [d for d in deployments.values() if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert len(matches) == 1, f"service {service['metadata']['name']} selects {len(matches)} deployments"
        container = matches[0]["spec"]["template"]["spec"]["containers"][0]
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
        args = container_newsalert_args(container) or []
        for port in service["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            number = ports.get(target, target)
            assert number in ports.values(), f"service {service['metadata']['name']}: no container port {target}"
            assert str(number) in args, f"service {service['metadata']['name']}: the container does not listen on {number}"


def test_compose_shape():
    data = compose()
    services = data["services"]
    assert services["alerts"]["deploy"]["replicas"] == 2
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert str(services["postgres"]["image"]).startswith("postgres:15")
    assert services["topics"]["restart"] == "no"
    for name, svc in newsalert_services().items():
        env = env_mapping(svc.get("environment"))
        assert env.get("NEWSALERT_KAFKA_BOOTSTRAP"), f"{name}: NEWSALERT_KAFKA_BOOTSTRAP not set"
        assert str(env.get("NEWSALERT_DATABASE_URL", "")).startswith("postgresql+psycopg://"), f"{name}: NEWSALERT_DATABASE_URL"
        if name != "topics":
            assert svc["depends_on"]["topics"]["condition"] == "service_completed_successfully", name
    for name in ("api", "ingest"):
        test = " ".join(services[name]["healthcheck"]["test"])
        assert "/healthz" in test, name
        port = test.split("/healthz")[0].rsplit(":", 1)[1]
        assert port in services[name]["command"], f"{name}: healthcheck port {port} is not the one it listens on"


# -- settings ------------------------------------------------------------------------------------


def newsalert_vars_in(path: Path) -> set[str]:
    """Every NEWSALERT_* name in a file: keys, ${...} references and comments alike."""
    return set(NEWSALERT_VAR.findall(path.read_text()))


@pytest.mark.parametrize("path", [COMPOSE, *K8S_MANIFESTS], ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_newsalert_variable_is_a_setting(path: Path):
    unknown = newsalert_vars_in(path) - SETTING_VARS
    assert not unknown, f"{path.name} names settings that do not exist: {sorted(unknown)}"


def test_env_keys_in_k8s_are_settings():
    for path, doc in k8s_docs():
        if doc["kind"] in ("ConfigMap", "Secret"):
            keys = set(doc.get("data") or {}) | set(doc.get("stringData") or {})
            unknown = {k for k in keys if k.startswith("NEWSALERT_")} - SETTING_VARS
            assert not unknown, f"{path.name}: {sorted(unknown)}"
    for where, container in k8s_containers():
        unknown = {e["name"] for e in container.get("env", []) if e["name"].startswith("NEWSALERT_")} - SETTING_VARS
        assert not unknown, f"{where}: {sorted(unknown)}"


def test_secret_vars_are_the_ones_expected():
    assert {"NEWSALERT_SLACK_BOT_TOKEN", "NEWSALERT_SMTP_PASSWORD", "NEWSALERT_API_ADMIN_TOKEN",
            "NEWSALERT_SLACK_SIGNING_SECRET", "NEWSALERT_DATABASE_URL"} <= SECRET_VARS


# -- secrets -------------------------------------------------------------------------------------


def inline_secret(key: str, value: Any) -> str | None:
    """Why `key: value` inlines a secret, or None when it does not."""
    if value is None:
        return None
    text = str(value)
    if SECRETISH_KEY.search(key) or key in SECRET_VARS - {"NEWSALERT_DATABASE_URL"}:
        if text and not VAR_REF.match(text):
            return f"{key} has an inline value; take it from ${{...}} or the env_file"
    match = URL_PASSWORD.match(text)
    if match and not VAR_REF.match(match.group("password")):
        return f"{key} has a URL with an inline password; use ${{...}}"
    return None


def test_inline_secret_detection():
    assert inline_secret("NEWSALERT_SLACK_BOT_TOKEN", "xoxb-123")
    assert inline_secret("POSTGRES_PASSWORD", "hunter2")
    assert inline_secret("NEWSALERT_DATABASE_URL", "postgresql+psycopg://u:hunter2@db/x")
    assert inline_secret("NEWSALERT_SLACK_BOT_TOKEN", "${NEWSALERT_SLACK_BOT_TOKEN}") is None
    assert inline_secret("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:?set it}") is None
    assert inline_secret("NEWSALERT_DATABASE_URL", "postgresql+psycopg://u:${PW:?x}@db/x") is None
    assert inline_secret("NEWSALERT_SLACK_BOT_TOKEN", None) is None


def test_compose_inlines_no_secret():
    problems = []
    for name, svc in compose()["services"].items():
        for key, value in env_mapping(svc.get("environment")).items():
            reason = inline_secret(key, value)
            if reason:
                problems.append(f"{name}: {reason}")
        for env_file in svc.get("env_file") or []:
            path = env_file["path"] if isinstance(env_file, dict) else env_file
            assert not (DEPLOY / path).is_file() or (DEPLOY / path).name == ".env", f"{name}: env file {path} in the repo"
    assert not problems, problems


def test_compose_takes_secrets_from_outside():
    services = newsalert_services()
    for name, svc in services.items():
        env = env_mapping(svc.get("environment"))
        for var in SECRET_VARS - {"NEWSALERT_DATABASE_URL"}:
            assert var not in env or VAR_REF.match(str(env[var])), f"{name}: {var}"
        assert svc.get("env_file"), f"{name}: no env_file for the secrets"
    text = COMPOSE.read_text()
    assert "xoxb-" not in re.sub(r"#.*", "", text)


def test_configmap_holds_no_secret():
    configmaps = [(path, doc) for path, doc in k8s_docs() if doc["kind"] == "ConfigMap"]
    assert configmaps
    for path, doc in configmaps:
        for key, value in (doc.get("data") or {}).items():
            assert key not in SECRET_VARS, f"{path.name}: {key} belongs in the Secret"
            assert not SECRETISH_KEY.search(key), f"{path.name}: {key} looks like a secret"
            assert not URL_PASSWORD.match(str(value)), f"{path.name}: {key} has a URL with a password"


def test_secrets_only_in_the_secret_template():
    secrets = [(path, doc) for path, doc in k8s_docs() if doc["kind"] == "Secret"]
    assert len(secrets) == 1
    path, secret = secrets[0]
    assert "TEMPLATE" in path.read_text() and "REPLACE_ME" in path.read_text(), "the Secret must be marked as a template"
    keys = set(secret.get("stringData") or {}) | set(secret.get("data") or {})
    assert SECRET_VARS <= keys
    for key, value in (secret.get("stringData") or {}).items():
        assert value == "" or "REPLACE_ME" in value, f"{key}: the template holds placeholders only"
    for where, container in k8s_containers():
        for env in container.get("env", []):
            if env["name"] in SECRET_VARS or SECRETISH_KEY.search(env["name"]):
                assert "value" not in env, f"{where}: {env['name']} must come from the Secret (valueFrom)"
        for source in container.get("envFrom", []):
            assert "configMapRef" in source or source.get("secretRef", {}).get("name") == secret["metadata"]["name"], where


def test_stages_get_config_and_secrets():
    for where, container in k8s_containers():
        refs = {next(iter(source)) for source in container.get("envFrom", [])}
        assert "configMapRef" in refs, where
        if "Job/" not in where:
            assert "secretRef" in refs, f"{where}: needs the Secret (database URL)"


# -- kustomization ---------------------------------------------------------------------------------


def test_kustomization_lists_every_manifest():
    kustomization = load_all(KUSTOMIZATION)[0]
    listed = kustomization["resources"]
    assert len(listed) == len(set(listed)), "a resource is listed twice"
    assert set(listed) == {p.name for p in K8S_MANIFESTS}
    for name in listed:
        assert (K8S / name).is_file(), f"{name} is listed but missing"


def test_kustomization_sets_the_image():
    kustomization = load_all(KUSTOMIZATION)[0]
    names = {image["name"] for image in kustomization.get("images", [])}
    used = {container["image"] for _, container in k8s_containers()}
    assert used <= names, f"images not set by the kustomization: {used - names}"
