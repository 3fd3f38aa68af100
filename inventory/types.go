package inventory

// Canonical resource types. docs/inventory.md documents every attribute of each.
const (
	TypeS3Bucket         = "aws.s3.bucket"
	TypeIAMPolicy        = "aws.iam.policy"
	TypeIAMRole          = "aws.iam.role"
	TypeIAMUser          = "aws.iam.user"
	TypeEC2SecurityGroup = "aws.ec2.security_group"
	TypeEC2Volume        = "aws.ec2.volume"
	TypeEC2Instance      = "aws.ec2.instance"
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
	TypeEC2VPC                   = "aws.ec2.vpc"
	TypeConfigRecorder           = "aws.config.recorder"
	TypeBackupRecoveryPoint      = "aws.backup.recovery_point"
	TypeBackupJob                = "aws.backup.job"
	TypeBackupRestoreTestingPlan = "aws.backup.restore_testing_plan"
	TypeOrganizationsAccount     = "aws.organizations.account"
)

// Types lists every canonical type this schema version defines.
var Types = []string{
	TypeS3Bucket, TypeIAMPolicy, TypeIAMRole, TypeIAMUser, TypeEC2SecurityGroup, TypeEC2Volume,
	TypeEC2Instance, TypeRDSInstance, TypeRDSCluster, TypeDynamoDBTable, TypeKMSKey, TypeCloudTrailTrail,
	TypeEFSFileSystem, TypeBackupPlan, TypeBackupSelection, TypeBackupVault, TypeDLMPolicy,
	TypeAccount, TypeIAMGroup, TypeEC2Snapshot, TypeEC2VPC, TypeConfigRecorder, TypeBackupRecoveryPoint,
	TypeBackupJob, TypeBackupRestoreTestingPlan, TypeOrganizationsAccount,
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
