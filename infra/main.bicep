// Reimburse on Azure: a Flex Consumption Linux function app running the `reimburse` executable as a custom
// handler, with a user-assigned managed identity and no shared keys anywhere.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('azd environment name; used to derive resource names.')
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Optional explicit names; empty = derived from the environment name.')
param functionAppName string = ''
param storageAccountName string = ''
param keyVaultName string = ''
param documentIntelligenceName string = ''

@description('Incident defaults applied when an operator creates an incident without a policy.')
param defaultFeeCapYen int = 1100
param fourEyesThresholdYen int = 1100
param retentionDays int = 180

@description('Entra ID: the app registration (client id) whose app roles staff tokens carry, and the tenant.')
param staffAudience string = ''
param staffTenantId string = tenant().tenantId

@description('Object id of the deploying principal, granted Key Vault Secrets Officer to seed secrets (optional).')
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
  logs: 'log-reimburse-${token}'
  insights: 'appi-reimburse-${token}'
  deploymentContainer: 'app-package'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, tags: tags, logAnalyticsName: names.logs, applicationInsightsName: names.insights }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
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
    appSettings: {
      Storage__BlobServiceUri: storage.outputs.blobEndpoint
      Storage__QueueServiceUri: storage.outputs.queueEndpoint
      Storage__TableServiceUri: storage.outputs.tableEndpoint
      Storage__ManagedIdentityClientId: identity.properties.clientId
      DocumentIntelligence__Endpoint: documentIntelligence.outputs.endpoint
      DocumentIntelligence__ManagedIdentityClientId: identity.properties.clientId
      ClaimCodes__HmacKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=claim-code-hmac-key)'
      Cardholders__SessionKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=cardholder-session-key)'
      StaffTokens__SigningKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=staff-token-signing-key)'
      Review__DocumentLinkKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=review-document-link-key)'
      StaffTokens__Audience: empty(staffAudience) ? 'reimburse-staff' : staffAudience
      StaffTokens__TenantId: staffTenantId
      Incidents__DefaultFeeCapYen: string(defaultFeeCapYen)
      Incidents__FourEyesThresholdYen: string(fourEyesThresholdYen)
      Retention__Days: string(retentionDays)
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_APP_URI string = functionApp.outputs.uri
output HEALTH_URI string = '${functionApp.outputs.uri}/healthz'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
