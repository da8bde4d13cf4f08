// Log Analytics and workspace-based Application Insights. Local (key) auth is off: the Functions host sends telemetry
// with the app's managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which needs Monitoring Metrics Publisher.
param location string
param tags object
param logAnalyticsName string
param applicationInsightsName string
param principalId string

@description('Days Log Analytics keeps logs (no personal data is logged: see the logging rules).')
param retentionInDays int = 90

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

// Monitoring Metrics Publisher.
resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, principalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output logAnalyticsWorkspaceId string = logs.id
output applicationInsightsConnectionString string = insights.properties.ConnectionString
