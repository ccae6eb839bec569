"""The Azure SDK for Python (Debian python3-azure) against the simulator: the calls the action makes,
made by clients nobody here wrote. Run by python-sdk.test.ts, which starts the simulator and passes
its coordinates in the environment; prints one JSON object per step on stdout, then {"done": true}.
A failure is a traceback and a non-zero exit, which the test shows.

Clients: azure-identity ClientAssertionCredential (a GitHub OIDC token from the simulator as the
assertion), azure-mgmt-resource (subscriptions, resource groups, generic resources by id for the
runtime environment and package, which azure-mgmt-automation 1.1.0b3 predates), azure-mgmt-msi,
azure-mgmt-automation, and azure-core's pipeline for Microsoft Graph (Debian has no Graph SDK).
"""
import io
import json
import os
import sys
import time
import urllib.request

from azure.core import PipelineClient
from azure.core.pipeline.policies import BearerTokenCredentialPolicy, RetryPolicy
from azure.core.rest import HttpRequest
from azure.identity import ClientAssertionCredential
from azure.mgmt.automation import AutomationClient
from azure.mgmt.automation.models import (
    AutomationAccountCreateOrUpdateParameters,
    Identity,
    RunbookCreateOrUpdateParameters,
    Sku,
)
from azure.mgmt.msi import ManagedServiceIdentityClient
from azure.mgmt.resource import ResourceManagementClient, SubscriptionClient
from azure.mgmt.resource.resources.models import GenericResource

URL = os.environ["SIM_URL"]
TENANT = os.environ["SIM_TENANT_ID"]
CLIENT = os.environ["SIM_CLIENT_ID"]
SUB = os.environ["SIM_SUBSCRIPTION_ID"]
PACKAGE_URI = os.environ["SIM_PACKAGE_URI"]
ARM_SCOPE = "https://management.core.windows.net//.default"
RG, IDENTITY, ACCOUNT, RUNBOOK = "rg-python", "id-python", "aa-python", "rb-python"
LOCATION = "westeurope"
SCRIPT = "Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\n"


START = time.monotonic()


def step(name, **values):
    print(json.dumps({"step": name, "seconds": round(time.monotonic() - START, 1), **values}), flush=True)


def github_token():
    """The assertion: a token from the simulated GitHub OIDC endpoint, as the runner hands it out."""
    req = urllib.request.Request(
        os.environ["SIM_OIDC_REQUEST_URL"] + "&audience=api://AzureADTokenExchange",
        headers={"Authorization": "Bearer " + os.environ["SIM_OIDC_REQUEST_TOKEN"]},
    )
    # urllib does not read REQUESTS_CA_BUNDLE; the test passes the CA as SSL_CERT_FILE too.
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)["value"]


def poll(read, done, what, attempts=60):
    """Reads until done(value); bounded, so a state that never settles fails instead of hanging."""
    for _ in range(attempts):
        value = read()
        if done(value):
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what} did not settle: {value!r}")


def arm_steps():
    """ARM through the management SDKs; returns the credential and the account's system identity."""
    # Client-side limitation: azure-identity 1.13.0b2's ClientAssertionCredential hands its keyword
    # arguments on to object.__init__ (get_token_mixin.py), so `authority=` raises TypeError. The
    # authority goes in AZURE_AUTHORITY_HOST, which every azure-identity credential reads.
    os.environ["AZURE_AUTHORITY_HOST"] = URL
    credential = ClientAssertionCredential(TENANT, CLIENT, github_token)
    # polling_interval: the SDK waits 30 s between polls of an operation without Retry-After
    # (Automation's publish answers none); 1 s keeps the suite short, as a client may choose.
    arm = {"base_url": URL, "credential_scopes": [ARM_SCOPE], "polling_interval": 1}

    subs = list(SubscriptionClient(credential, **arm).subscriptions.list())
    step("subscriptions.list", ids=[s.subscription_id for s in subs], state=str(subs[0].state))

    resources = ResourceManagementClient(credential, SUB, **arm)
    rg = resources.resource_groups.create_or_update(RG, {"location": LOCATION})
    step("resource_groups.create_or_update", id=rg.id, state=rg.properties.provisioning_state)

    msi = ManagedServiceIdentityClient(credential, SUB, **arm)
    ident = msi.user_assigned_identities.create_or_update(RG, IDENTITY, {"location": LOCATION})
    step("user_assigned_identities.create_or_update", id=ident.id, principalId=ident.principal_id,
         clientId=ident.client_id)

    automation = AutomationClient(credential, SUB, **arm)
    account = automation.automation_account.create_or_update(RG, ACCOUNT, AutomationAccountCreateOrUpdateParameters(
        location=LOCATION,
        sku=Sku(name="Basic"),
        identity=Identity(type="SystemAssigned, UserAssigned", user_assigned_identities={ident.id: {}}),
    ))
    step("automation_account.create_or_update", id=account.id, identityType=str(account.identity.type),
         principalId=account.identity.principal_id, userAssigned=list(account.identity.user_assigned_identities))

    account_id = account.id
    env_id = f"{account_id}/runtimeEnvironments/PowerShell-7-4"
    env = resources.resources.begin_create_or_update_by_id(env_id, "2024-10-23", GenericResource(
        location=LOCATION, properties={"runtime": {"language": "PowerShell", "version": "7.4"}})).result()
    step("resources.create_or_update_by_id runtimeEnvironment", id=env.id, runtime=env.properties["runtime"])

    pkg_id = f"{env_id}/packages/ExchangeOnlineManagement"
    resources.resources.begin_create_or_update_by_id(pkg_id, "2024-10-23", GenericResource(
        properties={"contentLink": {"uri": PACKAGE_URI}})).result()
    pkg = poll(lambda: resources.resources.get_by_id(pkg_id, "2024-10-23"),
               lambda p: p.properties["provisioningState"] in ("Succeeded", "Failed"), "package import")
    step("resources.get_by_id package", state=pkg.properties["provisioningState"], version=pkg.properties["version"])

    rb = automation.runbook.create_or_update(RG, ACCOUNT, RUNBOOK, RunbookCreateOrUpdateParameters(
        location=LOCATION, runbook_type="PowerShell", log_progress=False, log_verbose=False))
    step("runbook.create_or_update", id=rb.id, state=str(rb.state))

    # Client-side limitation: azure-mgmt-automation 1.1.0b3's begin_replace_content reads an
    # undefined name `response` when it builds the result (get_long_running_output in
    # _runbook_draft_operations.py), so result() raises NameError whatever the service answers.
    # The poller itself runs to the end: wait() and status() check the operation, not result().
    upload = automation.runbook_draft.begin_replace_content(
        RG, ACCOUNT, RUNBOOK, io.BytesIO(SCRIPT.encode("utf-8")), content_type="text/powershell")
    upload.wait(60)
    step("runbook_draft.begin_replace_content", status=upload.status())

    automation.runbook.begin_publish(RG, ACCOUNT, RUNBOOK).result(60)
    published = automation.runbook.get(RG, ACCOUNT, RUNBOOK)
    content = b"".join(automation.runbook.get_content(RG, ACCOUNT, RUNBOOK)).decode("utf-8")
    step("runbook.begin_publish", state=str(published.state), content=content)
    return credential, account.identity.principal_id


def graph_steps(credential, principal):
    """Microsoft Graph through azure-core's pipeline: the app role and the directory role of `principal`."""
    graph = PipelineClient(base_url=URL, policies=[
        RetryPolicy(retry_total=2),
        BearerTokenCredentialPolicy(credential, "https://graph.microsoft.com/.default"),
    ])

    def call(method, path, body=None):
        res = graph.send_request(HttpRequest(method, URL + path, json=body))
        res.raise_for_status()
        return res.json() if res.content else None

    exo = call("GET", "/v1.0/servicePrincipals?$filter=appId eq '00000002-0000-0ff1-ce00-000000000000'")["value"][0]
    role = next(r for r in exo["appRoles"] if r["value"] == "Exchange.ManageAsApp")
    # The identity's service principal reaches Graph after Entra's replication delay.
    poll(lambda: graph.send_request(HttpRequest("GET", f"{URL}/v1.0/servicePrincipals/{principal}")).status_code,
         lambda s: s == 200, "service principal replication")
    grant = call("POST", f"/v1.0/servicePrincipals/{principal}/appRoleAssignments",
                 {"principalId": principal, "resourceId": exo["id"], "appRoleId": role["id"]})
    step("graph appRoleAssignments", appRoleId=grant["appRoleId"], resourceId=grant["resourceId"])

    admin = call("GET", "/v1.0/roleManagement/directory/roleDefinitions?$filter=displayName eq 'Exchange Administrator'")
    assignment = call("POST", "/v1.0/roleManagement/directory/roleAssignments", {
        "principalId": principal, "roleDefinitionId": admin["value"][0]["id"], "directoryScopeId": "/"})
    step("graph roleAssignments", roleDefinitionId=assignment["roleDefinitionId"], principalId=assignment["principalId"])


def main():
    credential, principal = arm_steps()
    graph_steps(credential, principal)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
