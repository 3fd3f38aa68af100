package dr

import "github.com/vigil-audit/vigil/inventory"

// ProtectableTypes are the inventory types whose data a DR objective is about: those AWS Backup can back
// up that the inventory models. Aurora members and read replicas are listed too; their facts say how
// they relate to the resource that holds their data.
var ProtectableTypes = []string{
	inventory.TypeDynamoDBTable, inventory.TypeEC2Instance, inventory.TypeEC2Volume, inventory.TypeEFSFileSystem,
	inventory.TypeRDSCluster, inventory.TypeRDSInstance, inventory.TypeS3Bucket,
}

// Protectable reports whether resources of type t get protection facts.
func Protectable(t string) bool {
	for _, p := range ProtectableTypes {
		if p == t {
			return true
		}
	}
	return false
}
