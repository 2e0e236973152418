// The usings Microsoft.NET.Sdk.Web would imply; this library uses the plain SDK with a framework reference.
global using Microsoft.AspNetCore.Http;
