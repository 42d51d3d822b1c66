// Every role the app's managed identity has, and nothing else. Built-in role definition IDs:
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
//   Storage (scope: the storage account only)
//     Storage Queue Data Contributor  974c5e8b-45b9-4653-ba55-5f855dd0fb88  reports and invitations queues, their poison queues
//     Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3  planstats, plans, reportindex, contacts, catalogue, accesslog,
//                                                                            campaigns, invitations, linktokens, suppressions
//     Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b  host blobs (leases, timer schedules, keys),
//                                                                            Flex deployment package
//   Key Vault (scope: the vault only)
//     Key Vault Secrets User          4633458b-17de-408a-b874-0445c86b69e6  Key Vault references (read secrets)
//   Application Insights (scope: the component only)
//     Monitoring Metrics Publisher    3913510d-42f4-4e42-8a64-420c390055eb  Entra-authenticated telemetry

@description('Object (principal) ID of the app\'s user-assigned managed identity.')
param principalId string

@description('Name of the storage account the identity works with.')
param storageAccountName string

@description('Name of the Key Vault whose secrets the identity reads.')
param keyVaultName string

@description('Name of the Application Insights component the identity sends telemetry to.')
param applicationInsightsName string

var storageRoleIds = [
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
]
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
  }
}
