<#
.SYNOPSIS
  Lists the organization's accepted domains.
#>
param(
    [string]$Format = 'Table'
)

Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com

Get-AcceptedDomain | Select-Object Name, DomainName, DomainType, Default
