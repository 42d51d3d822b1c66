// The Function App and its hosting plan: Flex Consumption (FC1, default) or the classic Linux
// Consumption plan (Y1). Storage is identity-based (no keys anywhere); the SMTP password is a Key Vault
// reference resolved with the user-assigned identity.

@description('Name of the Function App.')
param name string

@description('Name of the hosting plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags for the plan.')
param tags object

@description('Tags for the Function App (include azd-service-name so azd deploys to it).')
param siteTags object

@description('FlexConsumption (FC1) or Consumption (classic Linux Y1).')
@allowed([
  'FlexConsumption'
  'Consumption'
])
param hostingPlan string

@description('Resource ID of the user-assigned managed identity.')
param identityId string

@description('Client ID of the user-assigned managed identity.')
param identityClientId string

@description('Name of the storage account (AzureWebJobsStorage, the app\'s queues and tables).')
param storageAccountName string

@description('Blob endpoint of the storage account, with a trailing slash.')
param storageBlobEndpoint string

@description('Blob container for the Flex deployment package.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Origins allowed by CORS (the survey form\'s origin). No wildcard.')
param allowedOrigins array

@description('More app settings, name to value, e.g. Key Vault references (@Microsoft.KeyVault(SecretUri=...)).')
param keyVaultReferenceSettings object

@description('The SMTP settings (Survey__Smtp__Host, __Port, __Security, __UserName, __FromAddress, __FromName), name to value; empty when the app sends no e-mail.')
param smtpSettings object

@description('Flex Consumption: most instances the app scales out to.')
param maximumInstanceCount int

@description('Flex Consumption: memory of each instance in MB.')
param instanceMemoryMB int

@description('Public address of the API for campaign links (Survey__Campaigns__PublicBaseUrl); empty: the app\'s azurewebsites.net name with /api.')
param campaignPublicBaseUrl string

var isFlex = hostingPlan == 'FlexConsumption'
var storageSuffix = environment().suffixes.storage

// The names the host and the app read (see docs/configuration.md).
var commonSettings = {
  AzureWebJobsStorage__blobServiceUri: 'https://${storageAccountName}.blob.${storageSuffix}'
  AzureWebJobsStorage__queueServiceUri: 'https://${storageAccountName}.queue.${storageSuffix}'
  AzureWebJobsStorage__tableServiceUri: 'https://${storageAccountName}.table.${storageSuffix}'
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Survey__Intake__EnqueueBudget: '00:00:10'
  Survey__Catalogue__RepairOnSchedule: 'true'
  Survey__Campaigns__PublicBaseUrl: empty(campaignPublicBaseUrl) ? 'https://${name}.azurewebsites.net/api' : campaignPublicBaseUrl
  // The campaign timers read their schedules from these (%Survey:Campaigns:...Schedule%), NCRONTAB in UTC.
  Survey__Campaigns__ReminderSchedule: '0 0 14 * * *'
  Survey__Campaigns__DeleteAddressesSchedule: '0 0 4 * * *'
  // The public statistics' snapshot timer (%Survey:Public:SnapshotSchedule%): weekly, Mondays 06:00 UTC.
  Survey__Public__SnapshotSchedule: '0 0 6 * * 1'
  // The signal timers' schedules (%Survey:Signals:...Schedule%): recompute when counts changed, and the weekly digest.
  Survey__Signals__RecomputeSchedule: '0 */5 * * * *'
  Survey__Signals__DigestSchedule: '0 0 13 * * Mon'
  Survey__Retention__ContactDays: '180'
}

// Flex sets the runtime in functionAppConfig and rejects these settings; Y1 needs them. Y1 on Linux runs
// from a package URL (WEBSITE_RUN_FROM_PACKAGE, set at deployment time), fetched with the identity.
var consumptionSettings = isFlex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
      WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
    }

// The CORS list again as the app's Survey:Cors:AllowedOrigins, so the app and the platform name the same
// origins (the platform answers CORS in Azure; the local runner answers from the setting).
var corsSettings = reduce(
  range(0, length(allowedOrigins)),
  {},
  (settings, i) => union(settings, { 'Survey__Cors__AllowedOrigins__${i}': allowedOrigins[i] })
)

var appSettings = union(commonSettings, smtpSettings, corsSettings, keyVaultReferenceSettings, consumptionSettings)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'Y1'
        tier: 'Dynamic'
      }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: siteTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${storageBlobEndpoint}${deploymentContainerName}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
  }
}

@description('Name of the Function App.')
output name string = site.name

@description('Default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName

@description('Base URL of the Function App.')
output uri string = 'https://${site.properties.defaultHostName}'

@description('Name of the hosting plan.')
output planName string = plan.name
