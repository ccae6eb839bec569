#Requires -Modules ExchangeOnlineManagement
# Keeps every shared mailbox at the agreed quota.
Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com

$params = @{
    IssueWarningQuota = '45GB'
    ProhibitSendQuota = '49GB'
}
Get-EXOMailbox -RecipientTypeDetails SharedMailbox -ResultSize Unlimited |
    ForEach-Object { Set-Mailbox -Identity $_.Identity @params }
