package inventory

// Canonical resource types. docs/inventory.md documents every attribute of each.
const (
	TypeS3Bucket         = "aws.s3.bucket"
	TypeIAMPolicy        = "aws.iam.policy"
	TypeIAMRole          = "aws.iam.role"
	TypeIAMUser          = "aws.iam.user"
	TypeIAMServerCert    = "aws.iam.server_certificate"
	TypeEC2SecurityGroup = "aws.ec2.security_group"
	TypeEC2Volume        = "aws.ec2.volume"
	TypeEC2Instance      = "aws.ec2.instance"
	TypeEC2NetworkACL    = "aws.ec2.network_acl"
	TypeEC2VPC           = "aws.ec2.vpc"
	TypeRDSInstance      = "aws.rds.instance"
	TypeRDSCluster       = "aws.rds.cluster"
	TypeDynamoDBTable    = "aws.dynamodb.table"
	TypeKMSKey           = "aws.kms.key"
	TypeCloudTrailTrail  = "aws.cloudtrail.trail"
	TypeEFSFileSystem    = "aws.efs.file_system"
	TypeBackupPlan       = "aws.backup.plan"
	TypeBackupSelection  = "aws.backup.selection"
	TypeBackupVault      = "aws.backup.vault"
	TypeDLMPolicy        = "aws.dlm.lifecycle_policy"
	TypeLambdaFunction   = "aws.lambda.function"
	TypeECRRepository    = "aws.ecr.repository"
	TypeEKSCluster       = "aws.eks.cluster"
	TypeECSTaskDef       = "aws.ecs.task_definition"

	// Data services (issue 11 breadth).
	TypeSNSTopic                    = "aws.sns.topic"
	TypeSQSQueue                    = "aws.sqs.queue"
	TypeSecretsManagerSecret        = "aws.secretsmanager.secret"
	TypeElastiCacheReplicationGroup = "aws.elasticache.replication_group"
	TypeRedshiftCluster             = "aws.redshift.cluster"
	TypeOpenSearchDomain            = "aws.opensearch.domain"

	// Monitoring: CloudWatch Logs log groups (with their metric filters), CloudWatch metric alarms and
	// GuardDuty detectors.
	TypeLogsLogGroup      = "aws.logs.log_group"
	TypeCloudWatchAlarm   = "aws.cloudwatch.metric_alarm"
	TypeGuardDutyDetector = "aws.guardduty.detector"

	// Edge services: load balancers, CloudFront and API Gateway.
	TypeELBv2LoadBalancer      = "aws.elbv2.load_balancer"
	TypeELBLoadBalancer        = "aws.elb.load_balancer"
	TypeCloudFrontDistribution = "aws.cloudfront.distribution"
	TypeAPIGatewayRestAPI      = "aws.apigateway.rest_api"
	TypeAPIGatewayStage        = "aws.apigateway.stage"
	TypeAPIGatewayV2API        = "aws.apigatewayv2.api"
	TypeAPIGatewayV2Stage      = "aws.apigatewayv2.stage"
	TypeAPIGatewayDomainName   = "aws.apigateway.domain_name"

	// Types read from live accounts only (Terraform cannot express them, or only partly).
	TypeAccount                  = "aws.account"
	TypeIAMGroup                 = "aws.iam.group"
	TypeEC2Snapshot              = "aws.ec2.snapshot"
	TypeConfigRecorder           = "aws.config.recorder"
	TypeBackupRecoveryPoint      = "aws.backup.recovery_point"
	TypeBackupJob                = "aws.backup.job"
	TypeBackupRestoreTestingPlan = "aws.backup.restore_testing_plan"
	TypeOrganizationsAccount     = "aws.organizations.account"
)

// Types lists every canonical type this schema version defines.
var Types = []string{
	TypeS3Bucket, TypeIAMPolicy, TypeIAMRole, TypeIAMUser, TypeIAMServerCert, TypeEC2SecurityGroup, TypeEC2Volume,
	TypeEC2Instance, TypeEC2NetworkACL, TypeEC2VPC, TypeRDSInstance, TypeRDSCluster, TypeDynamoDBTable, TypeKMSKey,
	TypeCloudTrailTrail, TypeEFSFileSystem, TypeBackupPlan, TypeBackupSelection, TypeBackupVault, TypeDLMPolicy,
	TypeAccount, TypeIAMGroup, TypeEC2Snapshot, TypeConfigRecorder, TypeBackupRecoveryPoint,
	TypeBackupJob, TypeBackupRestoreTestingPlan, TypeOrganizationsAccount,
	TypeSNSTopic, TypeSQSQueue, TypeSecretsManagerSecret, TypeElastiCacheReplicationGroup, TypeRedshiftCluster,
	TypeOpenSearchDomain,
	TypeLambdaFunction, TypeECRRepository, TypeEKSCluster, TypeECSTaskDef,
	TypeLogsLogGroup, TypeCloudWatchAlarm, TypeGuardDutyDetector,
	TypeELBv2LoadBalancer, TypeELBLoadBalancer, TypeCloudFrontDistribution, TypeAPIGatewayRestAPI,
	TypeAPIGatewayStage, TypeAPIGatewayV2API, TypeAPIGatewayV2Stage, TypeAPIGatewayDomainName,
}

// KnownType reports whether t is a canonical type of this schema version.
func KnownType(t string) bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}
