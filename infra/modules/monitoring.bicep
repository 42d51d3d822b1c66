// Log Analytics workspace and a workspace-based Application Insights component.
// Local (instrumentation-key) authentication is disabled: the app sends telemetry with Entra ID
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING + Monitoring Metrics Publisher for its identity).

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region of both resources.')
param location string

@description('Tags for both resources.')
param tags object

@description('How many days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = appInsights.name

@description('Resource ID of the Application Insights component.')
output applicationInsightsId string = appInsights.id

@description('Connection string of the Application Insights component (not a credential: local auth is off).')
output connectionString string = appInsights.properties.ConnectionString

@description('Resource ID of the Log Analytics workspace.')
output logAnalyticsWorkspaceId string = workspace.id
