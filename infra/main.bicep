// Reimburse on Azure: a Flex Consumption Linux function app running the self-contained `reimburse` executable as a
// custom handler (host.json), with a user-assigned managed identity, no shared keys and no service keys anywhere:
// Storage (blobs, tables, queues) and Document Intelligence by Entra ID and RBAC, secrets from Key Vault.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('azd environment name; resource names are derived from it.')
param environmentName string

@description('Azure region for every resource (one that offers Flex Consumption, e.g. japaneast).')
@metadata({ azd: { type: 'location' } })
param location string = resourceGroup().location

// ---- Names (empty: derived from the environment name) ----
param functionAppName string = ''
param storageAccountName string = ''
param keyVaultName string = ''
param documentIntelligenceName string = ''
param logAnalyticsName string = ''
param applicationInsightsName string = ''

// ---- Scale and runtime ----
@description('Most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance.')
@allowed([2048, 4096])
param instanceMemoryMB int = 2048

@description('Redundancy of the storage account (ZRS where the region has zones).')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_ZRS'

// ---- Incident defaults: what an incident's policy takes for the fields its definition omits ----
@description('Highest reissue fee refunded when the issuer has no cap of its own (yen).')
param defaultFeeCapYen int = 1100
@description('Approvals above this amount (yen) need a second, senior reviewer.')
param fourEyesThresholdYen int = 1100
@description('Hours an escalated claim waits before reviewers are reminded.')
param reviewSlaHours int = 48
@description('Days a claimant has to answer a request for more information.')
param informationRequestDays int = 14
@description('Days after payment or rejection before statements and bank details are purged.')
param retentionDays int = 180

// ---- The paying account (振込依頼人) as registered with the bank for 総合振込 ----
@description('依頼人コード assigned by the bank (up to 10 digits).')
param payoutRequesterCode string
@description('The company name as the bank registered it, in kana.')
param payoutRequesterName string
@description('4-digit bank code of the paying account.')
param payoutBankCode string
@description('3-digit branch code of the paying account.')
param payoutBranchCode string
@description('Deposit type of the paying account.')
@allowed(['Current', 'Ordinary'])
param payoutDepositType string = 'Current'
@description('Number of the paying account (up to 7 digits).')
param payoutAccountNumber string

// ---- Staff sign-in with Entra ID (see the README: app registration with the four app roles) ----
@description('Application (client) id of the staff app registration; empty: staff sign-in stays off.')
param staffAppClientId string = ''
@description('Application ID URI of the staff app registration (e.g. api://reimburse), accepted as v1 token audience.')
param staffAppIdUri string = ''
@description('Directory (tenant) id the staff tokens come from.')
param staffTenantId string = tenant().tenantId

@description('Object id of the deploying user (azd sets it): granted Key Vault Secrets Officer to seed the secrets.')
param deployerPrincipalId string = ''

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'reimburse' }
var names = {
  functionApp: empty(functionAppName) ? 'func-reimburse-${token}' : functionAppName
  plan: 'plan-reimburse-${token}'
  storage: empty(storageAccountName) ? 'streimb${take(token, 17)}' : storageAccountName
  keyVault: empty(keyVaultName) ? 'kv-reimb-${take(token, 13)}' : keyVaultName
  documentIntelligence: empty(documentIntelligenceName) ? 'di-reimburse-${token}' : documentIntelligenceName
  identity: 'id-reimburse-${token}'
  logs: empty(logAnalyticsName) ? 'log-reimburse-${token}' : logAnalyticsName
  insights: empty(applicationInsightsName) ? 'appi-reimburse-${token}' : applicationInsightsName
  deploymentContainer: 'app-package'
}
var staffSignIn = !empty(staffAppClientId)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logs
    applicationInsightsName: names.insights
    principalId: identity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    sku: storageSku
    deploymentContainerName: names.deploymentContainer
    principalId: identity.properties.principalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module documentIntelligence 'modules/document-intelligence.bicep' = {
  name: 'document-intelligence'
  params: {
    location: location
    tags: tags
    name: names.documentIntelligence
    principalId: identity.properties.principalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    principalId: identity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'app' })
    name: names.functionApp
    planName: names.plan
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: names.deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    // The app's settings (configuration keys with __ for :). One setting per line: the deployment tests read this
    // block and check that the app starts with exactly these settings and that each is one the app reads.
    appSettings: {
      Storage__blobServiceUri: storage.outputs.blobEndpoint
      Storage__queueServiceUri: storage.outputs.queueEndpoint
      Storage__tableServiceUri: storage.outputs.tableEndpoint
      Storage__credential: 'managedidentity'
      Storage__clientId: identity.properties.clientId
      Storage__ManagedIdentityClientId: identity.properties.clientId
      DocumentIntelligence__Endpoint: documentIntelligence.outputs.endpoint
      DocumentIntelligence__ManagedIdentityClientId: identity.properties.clientId
      DocumentIntelligence__AnalysisTimeout: '00:01:20'
      ClaimCodes__HmacKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=claim-code-hmac-key)'
      Cardholders__SessionKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=cardholder-session-key)'
      Review__DocumentLinkKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=review-document-link-key)'
      StaffTokens__Entra__TenantId: staffSignIn ? staffTenantId : ''
      StaffTokens__Entra__ClientId: staffAppClientId
      StaffTokens__Entra__ApplicationIdUri: staffAppIdUri
      Payouts__Requester__RequesterCode: payoutRequesterCode
      Payouts__Requester__Name: payoutRequesterName
      Payouts__Requester__BankCode: payoutBankCode
      Payouts__Requester__BranchCode: payoutBranchCode
      Payouts__Requester__DepositType: payoutDepositType
      Payouts__Requester__AccountNumber: payoutAccountNumber
      Incidents__Defaults__DefaultFeeCapYen: string(defaultFeeCapYen)
      Incidents__Defaults__FourEyesThresholdYen: string(fourEyesThresholdYen)
      Incidents__Defaults__ReviewSlaHours: string(reviewSlaHours)
      Incidents__Defaults__InformationRequestDays: string(informationRequestDays)
      Incidents__Defaults__RetentionDays: string(retentionDays)
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output SERVICE_APP_URI string = functionApp.outputs.uri
output HEALTH_URI string = '${functionApp.outputs.uri}/healthz'
output STAFF_ME_URI string = '${functionApp.outputs.uri}/api/staff/me'
output DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
output APPLICATIONINSIGHTS_NAME string = names.insights
