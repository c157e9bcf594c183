"""Queries over the Watershed lake for the notebooks: Trino's HTTP client protocol with requests.

    from watershed_trino import query
    frame = query("SELECT ubc, count(*) AS events FROM lake.ubc.events GROUP BY 1")

The Trino address is env WATERSHED_TRINO (e.g. http://127.0.0.1:8080), else the running local
stack's trino.uri (`./watershed config`). Sessions are in UTC, catalog lake.
"""

import json
import os
import pathlib
import subprocess
import time

import pandas as pd
import requests

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
USER = "watershed-notebook"
RETRY_STATUSES = {502, 503, 504}
NUMERIC_TYPES = ("tinyint", "smallint", "integer", "bigint")
FLOAT_TYPES = ("real", "double")


class WatershedError(RuntimeError):
    """A query Trino refused or failed, or a server (Trino, the monitor) that cannot be reached."""


def stack_settings():
    """The running local stack's addresses, as `./watershed config` prints them (key=value)."""
    script = REPOSITORY / "watershed"
    try:
        printed = subprocess.run(
            [str(script), "config"], capture_output=True, text=True, timeout=120, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise WatershedError(
            f"Cannot read the local stack's settings with {script} config: {error}"
            " (set WATERSHED_TRINO to the Trino URI instead)"
        ) from error
    settings = {}
    for line in printed.splitlines():
        key, separator, value = line.partition("=")
        if separator:
            settings[key.strip()] = value.strip()
    return settings


def trino_uri():
    """env WATERSHED_TRINO, else the local stack's trino.uri."""
    uri = os.environ.get("WATERSHED_TRINO")
    if uri:
        return uri.rstrip("/")
    settings = stack_settings()
    if "trino.uri" not in settings:
        raise WatershedError("Cannot find trino.uri in the output of ./watershed config")
    return settings["trino.uri"].rstrip("/")


def monitor_rules(uri=None, token=None):
    """The monitor service's dimension rules (GET /v1/rules) as {UBC id: {slot: dimension}}.

    The address is uri, else env WATERSHED_MONITOR, else the local stack's monitor.uri; the token
    is token, else env WATERSHED_MONITOR_TOKEN, else the local stack's admin token (its
    monitor.bootstrap-admin-token). Also returns the rule set's version: (version, rules).
    """
    settings = None
    if not uri:
        uri = os.environ.get("WATERSHED_MONITOR")
    if not uri:
        settings = stack_settings()
        uri = settings.get("monitor.uri")
    if not token:
        token = os.environ.get("WATERSHED_MONITOR_TOKEN")
    if not token:
        settings = settings or stack_settings()
        token = _property(settings.get("monitor.config-file"), "monitor.bootstrap-admin-token")
    if not uri or not token:
        raise WatershedError(
            "Cannot read the dimension rules: set WATERSHED_MONITOR and WATERSHED_MONITOR_TOKEN"
        )
    url = uri.rstrip("/") + "/v1/rules"
    try:
        response = requests.get(url, headers={"Authorization": "Bearer " + token}, timeout=30)
    except requests.RequestException as error:
        raise WatershedError(f"Cannot read the dimension rules from {url}: {error}") from error
    if response.status_code != 200:
        raise WatershedError(
            f"Cannot read the dimension rules from {url}: HTTP {response.status_code}"
        )
    body = response.json()
    rules = {}
    for ubc in body.get("ubcIds", []):
        if ubc.get("enabled", True):
            rules[ubc["id"]] = {d["slot"]: d for d in ubc.get("dimensions", [])}
    return body.get("version"), rules


def query(sql, uri=None, user=USER, timeout=300.0):
    """Runs one statement and returns its rows as a DataFrame (columns named and typed by Trino).

    Follows nextUri until the result is complete; raises WatershedError with Trino's message
    when the query fails, and when Trino cannot be reached or answers with an HTTP error.
    """
    base = (uri or trino_uri()).rstrip("/")
    headers = {
        "X-Trino-User": user,
        "X-Trino-Catalog": "lake",
        "X-Trino-Time-Zone": "UTC",
        "X-Trino-Source": "watershed-notebooks",
    }
    deadline = time.monotonic() + timeout
    answer = _send("POST", base + "/v1/statement", headers, sql.encode("utf-8"), deadline)
    columns = None
    rows = []
    while True:
        if "error" in answer:
            error = answer["error"]
            raise WatershedError(
                "Cannot run the query: {} ({})".format(
                    error.get("message", "no message"), error.get("errorName", "unknown error")
                )
            )
        if columns is None and "columns" in answer:
            columns = answer["columns"]
        rows.extend(answer.get("data") or [])
        next_uri = answer.get("nextUri")
        if not next_uri:
            break
        answer = _send("GET", next_uri, headers, None, deadline)
    if columns is None:
        return pd.DataFrame()
    return _frame(columns, rows)


def scalar(sql, uri=None):
    """The first column of the first row, or None when there is no row."""
    frame = query(sql, uri=uri)
    return None if frame.empty else frame.iat[0, 0]


def sql_string(value):
    """A SQL string literal of value (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def write_out(numbers):
    """Writes the notebook's key numbers as JSON to env WATERSHED_NOTEBOOK_OUT, when it is set."""
    path = os.environ.get("WATERSHED_NOTEBOOK_OUT")
    if path:
        pathlib.Path(path).write_text(json.dumps(numbers, indent=2, sort_keys=True, default=str))
    return numbers


def _property(path, key):
    if not path or not pathlib.Path(path).is_file():
        return None
    for line in pathlib.Path(path).read_text().splitlines():
        name, separator, value = line.partition("=")
        if separator and name.strip() == key:
            return value.strip()
    return None


def _send(method, url, headers, body, deadline):
    while True:
        try:
            response = requests.request(
                method, url, headers=headers, data=body, timeout=max(1.0, deadline - time.monotonic())
            )
        except requests.RequestException as error:
            raise WatershedError(f"Cannot reach Trino at {url}: {error}") from error
        if response.status_code in RETRY_STATUSES and time.monotonic() < deadline:
            time.sleep(0.1)
            continue
        if response.status_code != 200:
            raise WatershedError(
                f"Cannot run the query: Trino answered HTTP {response.status_code}: {response.text[:200]}"
            )
        if time.monotonic() > deadline:
            raise WatershedError("Cannot run the query: no result within the timeout")
        return response.json()


def _frame(columns, rows):
    frame = pd.DataFrame(rows, columns=[column["name"] for column in columns])
    for column in columns:
        name = column["name"]
        kind = column["type"]
        if kind.startswith(NUMERIC_TYPES):
            frame[name] = pd.array(frame[name], dtype="Int64")
        elif kind.startswith(FLOAT_TYPES) or kind.startswith("decimal"):
            frame[name] = pd.to_numeric(frame[name])
        elif kind.startswith("timestamp"):
            # the session is in UTC: "2026-12-07 13:05:00.000 UTC" or without a zone
            values = frame[name].str.replace(r" (UTC|Z|\+00:00)$", "", regex=True)
            frame[name] = pd.to_datetime(values, utc=True)
    return frame
