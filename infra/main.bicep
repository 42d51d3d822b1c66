// Survey on Azure: a Function App (Flex Consumption by default), its storage (queues, tables, host
// blobs, deployment package), Application Insights, a Key Vault for the SMTP password, and one
// user-assigned managed identity with exactly the roles the app needs. Deployed by `azd up` or by
// `az deployment group create` (see docs/deploy.md). Checked offline by .ci/check-bicep.
targetScope = 'resourceGroup'

metadata description = 'Survey: lactation-care coverage reports on Azure Functions (isolated worker, .NET 10).'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd sets it from AZURE_ENV_NAME). Part of every resource\'s name token and of the azd-env-name tag.')
param environmentName string

@description('Azure region for every resource. Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Hosting plan: FlexConsumption (FC1, recommended) or Consumption (classic Linux Y1; Azure does not offer .NET 10 on it, see docs/deploy.md). Choose once: an existing app cannot move between the two.')
@allowed([
  'FlexConsumption'
  'Consumption'
])
param hostingPlan string = 'FlexConsumption'

@description('Origins allowed to call the API from a browser (CORS), e.g. ["https://form.example.org"]: scheme and host, no path, no trailing slash, no wildcard. Empty: no browser origin is allowed.')
param formOrigins array = []

@description('SMTP server the app sends e-mail through (Survey__Smtp__Host), e.g. smtp.azurecomm.net for Azure Communication Services. Empty: the app sends no e-mail and no Survey__Smtp__* setting is written.')
param smtpHost string = ''

@minValue(1)
@maxValue(65535)
@description('SMTP port (Survey__Smtp__Port): 587 for STARTTLS (Azure Communication Services), 465 for TLS on connect.')
param smtpPort int = 587

@description('How the SMTP connection is secured (Survey__Smtp__Security).')
@allowed([
  'StartTls'
  'SslOnConnect'
  'Auto'
])
param smtpSecurity string = 'StartTls'

@description('SMTP user name (Survey__Smtp__UserName); for Azure Communication Services, the SMTP Username resource\'s user name. Requires smtpPassword. Empty: no login.')
param smtpUserName string = ''

@description('Sender address (Survey__Smtp__FromAddress), e.g. DoNotReply@your-domain; for Azure Communication Services, a MailFrom address of a verified domain. Required with smtpHost.')
param smtpFromAddress string = ''

@description('Sender display name (Survey__Smtp__FromName).')
param smtpFromName string = 'Survey'

@description('Public address of the API that campaign e-mail links point to, with the route prefix (https://survey.example.org/api). Empty: https://<function app name>.azurewebsites.net/api; set it when the app has a custom domain or a unique default host name.')
param campaignPublicBaseUrl string = ''

@secure()
@description('SMTP password, stored as a Key Vault secret and given to the app as the Key Vault reference Survey__Smtp__Password. Requires smtpUserName. Empty: no secret and no setting.')
param smtpPassword string = ''

@minValue(1)
@maxValue(1000)
@description('Flex Consumption only: the most instances the app scales out to.')
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption only: memory of each instance in MB.')
param instanceMemoryMB int = 2048

@description('Turn on Key Vault purge protection (recommended for production). Irreversible: the vault and its name then stay reserved for 90 days after deletion.')
param keyVaultPurgeProtection bool = false

@description('E-mail address of the operator, told within minutes while a report or an invitation waits in a poison queue (an Azure Monitor alert and action group). Empty: no alert is deployed.')
param operatorEmail string = ''

@description('Extra tags for every resource (azd-env-name is always added).')
param tags object = {}

// Resource names: abbreviation + a token stable for this subscription, resource group and environment.
var resourceToken = uniqueString(subscription().id, resourceGroup().id, environmentName)
var allTags = union(tags, { 'azd-env-name': environmentName })
var names = {
  functionApp: 'func-api-${resourceToken}'
  plan: 'plan-${resourceToken}'
  storage: 'st${resourceToken}' // 15 characters: within 3-24, lower-case letters and digits
  keyVault: 'kv-${resourceToken}' // 16 characters: within 3-24
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  actionGroup: 'ag-ops-${resourceToken}'
  poisonAlert: 'alert-poison-${resourceToken}'
}
var deploymentContainerName = 'app-package'
var smtpPasswordSecretName = 'smtp-password'

// The names the code uses (shared/Survey.Shared/Storage/StorageNames.cs).
var queueNames = [
  'reports'
  'reports-poison'
  'invitations'
  'invitations-poison'
]
var tableNames = [
  'planstats'
  'plans'
  'reportindex'
  'contacts'
  'catalogue'
  'accesslog'
  'campaigns'
  'invitations'
  'linktokens'
  'suppressions'
]

// CORS: only exact origins (scheme://host[:port]). A wildcard, a path or a trailing slash fails the
// deployment: browsers send the bare origin, so anything else would never match (or match everyone).
var badOrigins = filter(
  formOrigins,
  origin =>
    contains(string(origin), '*') || !contains(string(origin), '://') || contains(
      skip(string(origin), indexOf(string(origin), '://') + 3),
      '/'
    )
)
var allowedOrigins = empty(badOrigins)
  ? formOrigins
  : fail('formOrigins must list exact origins such as https://form.example.org: scheme and host, no path, no trailing slash, no wildcard.')

// SMTP (shared/Survey.Shared/Mail/SmtpOptions.cs): the same rules the app checks at start, checked before deploying.
var smtpProblem = empty(smtpHost)
  ? ''
  : empty(smtpFromAddress)
      ? 'smtpFromAddress must be set (the sender, e.g. DoNotReply@your-domain) when smtpHost is set.'
      : empty(smtpUserName) != empty(smtpPassword)
          ? 'smtpUserName and smtpPassword go together: set both (the server requires a login) or neither.'
          : ''
var smtpSettings = empty(smtpProblem)
  ? union(
      empty(smtpHost)
        ? {}
        : {
            Survey__Smtp__Host: smtpHost
            Survey__Smtp__Port: string(smtpPort)
            Survey__Smtp__Security: smtpSecurity
            Survey__Smtp__FromAddress: smtpFromAddress
            Survey__Smtp__FromName: smtpFromName
          },
      empty(smtpHost) || empty(smtpUserName) ? {} : { Survey__Smtp__UserName: smtpUserName }
    )
  : fail(smtpProblem)

// Versionless, so the app follows a rotated password (App Service re-reads references within 24 hours).
var keyVaultReferenceSettings = empty(smtpPassword)
  ? {}
  : {
      Survey__Smtp__Password: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/${smtpPasswordSecretName})'
    }

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
  }
}

module alerts 'modules/alerts.bicep' = if (!empty(operatorEmail)) {
  name: 'alerts'
  params: {
    actionGroupName: names.actionGroup
    alertRuleName: names.poisonAlert
    location: location
    tags: allTags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    operatorEmail: operatorEmail
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
    queueNames: queueNames
    tableNames: tableNames
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    enablePurgeProtection: keyVaultPurgeProtection
    smtpPasswordSecretName: smtpPasswordSecretName
    smtpPassword: smtpPassword
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // The roles exist before the app first starts, so the host's first storage calls succeed.
  dependsOn: [
    roles
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    siteTags: union(allTags, { 'azd-service-name': 'api' })
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    allowedOrigins: allowedOrigins
    keyVaultReferenceSettings: keyVaultReferenceSettings
    smtpSettings: smtpSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    campaignPublicBaseUrl: campaignPublicBaseUrl
  }
}

// azd stores every output in the environment (.azure/<env>/.env).
@description('Region the resources are in.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Name of the Function App (azd deploys the service api to it).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the app; the API is under /api, e.g. /api/health.')
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.uri

@description('Hosting plan the app runs on.')
output AZURE_FUNCTION_APP_HOSTING_PLAN string = hostingPlan

@description('Name of the storage account (queues, tables, host blobs, deployment package).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob container that holds the deployment package.')
output AZURE_STORAGE_DEPLOYMENT_CONTAINER string = deploymentContainerName

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Client ID of the app\'s user-assigned managed identity.')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
