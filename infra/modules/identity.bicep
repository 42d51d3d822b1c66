// The app's user-assigned managed identity. Its roles are granted in role-assignments.bicep.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity (for the site\'s identity block and Key Vault references).')
output id string = identity.id

@description('Client ID of the identity (AzureWebJobsStorage__clientId, Entra auth for telemetry).')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
