package vigil.lib

# Lambda managed runtimes, as data (LAMBDA.2).
#
# Source: AWS Lambda Developer Guide, "Lambda runtimes" (supported and deprecated runtimes tables),
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
# List as of: 2026-12-07. Refresh it from the source when AWS announces a deprecation; a runtime in
# neither list makes LAMBDA.2 unknown rather than guessed.
#
# lambda_runtime_list_date is the date the lists below describe: "deprecated" means the runtime's
# deprecation date (AWS stops security patches, new functions are refused) is on or before it.
lambda_runtime_list_date := "2026-12-07"

# lambda_deprecated_runtimes maps each deprecated runtime identifier to its deprecation date.
lambda_deprecated_runtimes := {
	"nodejs": "2016-10-31",
	"nodejs4.3": "2020-03-06",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10": "2019-08-12",
	"nodejs8.10": "2020-03-06",
	"nodejs10.x": "2021-07-30",
	"nodejs12.x": "2023-03-31",
	"nodejs14.x": "2023-12-04",
	"nodejs16.x": "2024-06-12",
	"nodejs18.x": "2025-09-01",
	"nodejs20.x": "2026-04-30",
	"python2.7": "2021-07-15",
	"python3.6": "2022-07-18",
	"python3.7": "2023-12-04",
	"python3.8": "2024-10-14",
	"python3.9": "2025-12-15",
	"python3.10": "2026-06-30",
	"python3.11": "2026-06-30",
	"java8": "2024-01-08",
	"go1.x": "2024-01-08",
	"provided": "2024-01-08",
	"dotnetcore1.0": "2019-07-30",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"dotnet5.0": "2022-05-10",
	"dotnet6": "2024-12-20",
	"dotnet7": "2024-05-14",
	"dotnet8": "2026-11-10",
	"ruby2.5": "2021-07-30",
	"ruby2.7": "2023-12-07",
	"ruby3.2": "2026-03-31",
}

# lambda_supported_runtimes are the runtimes supported on the list date. Runtimes whose status vigil has
# not confirmed from the source (java8.al2, java11, java17, provided.al2) are in neither list.
lambda_supported_runtimes := {
	"nodejs22.x", "nodejs24.x",
	"python3.12", "python3.13", "python3.14",
	"java21", "java25",
	"dotnet10",
	"ruby3.3", "ruby3.4",
	"provided.al2023",
}
