# Reports mailboxes without a logon for 90 days.
Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com

$cutoff = (Get-Date).AddDays(-90)
Get-EXOMailbox -ResultSize Unlimited -Properties LastUserActionTime |
    Where-Object { $_.LastUserActionTime -lt $cutoff } |
    Select-Object DisplayName, PrimarySmtpAddress, LastUserActionTime
