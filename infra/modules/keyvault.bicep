// Key Vault (RBAC authorization) holding the SMTP password, read by the app through a Key Vault reference.

@description('Name of the Key Vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the Key Vault.')
param location string

@description('Tags for the Key Vault.')
param tags object

@description('Turn on purge protection. Once on, it cannot be turned off, and a deleted vault keeps its name for the retention period.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret stays recoverable (soft delete is always on).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Name of the secret that holds the SMTP password.')
param smtpPasswordSecretName string

@secure()
@description('The SMTP password. Empty: no secret is created.')
param smtpPassword string

var createSmtpSecret = !empty(smtpPassword)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Key Vault accepts only true or an absent value here, never false.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource smtpSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (createSmtpSecret) {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

@description('Name of the Key Vault.')
output name string = vault.name

@description('URI of the Key Vault, with a trailing slash (https://<name>.vault.azure.net/).')
output uri string = vault.properties.vaultUri
