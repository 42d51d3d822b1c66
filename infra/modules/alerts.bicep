// Operator alerts: an e-mail within minutes while a report or an invitation waits in a poison queue.
// The app's WatchPoisonQueues timer (every 5 minutes) counts reports-poison and invitations-poison and, while
// anything waits, writes one error line that starts with 'Poison messages waiting' and holds counts only
// (shared/Survey.Shared/Operations/PoisonAlarm.cs). This log search alert looks for that line every 5 minutes.
// Storage's own QueueMessageCount metric cannot do it: it is per account, not per queue, and hourly.

@description('Name of the action group that e-mails the operator.')
param actionGroupName string

@description('Name of the log search alert rule.')
param alertRuleName string

@description('Azure region of the alert rule (the action group is global).')
param location string

@description('Tags for both resources.')
param tags object

@description('Resource ID of the Application Insights component the app logs to.')
param applicationInsightsId string

@description('E-mail address of the operator who is told when something waits in a poison queue.')
param operatorEmail string

@description('The text the app\'s line begins with (PoisonAlarm.AlertText).')
param alertText string = 'Poison messages waiting'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'surveyops'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: operatorEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: alertRuleName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Survey: reports or invitations wait in a poison queue'
    description: 'A report in reports-poison is not counted and an invitation in invitations-poison is not sent until the operator lists them (GET /api/operations/poison) and replays them after a fix. See docs/reliability.md.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message startswith "${alertText}"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

@description('Resource ID of the poison alert rule.')
output alertRuleId string = poisonAlert.id
