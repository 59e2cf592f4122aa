@echo off
rem pulumi-resource-govai: the govai Pulumi provider plugin (Windows). Runs src\provider\main.ts on Node >= 22:
rem the repositorys node_modules\.bin\node first, then node on PATH. Prints nothing before the port line.
setlocal
set "PKG=%~dp0.."
set "NODE="
for %%D in ("%PKG%" "%PKG%\.." "%PKG%\..\.." "%PKG%\..\..\..") do (
  if not defined NODE if exist "%%~D\node_modules\.bin\node.exe" set "NODE=%%~D\node_modules\.bin\node.exe"
  if not defined NODE if exist "%%~D\node_modules\node\bin\node.exe" set "NODE=%%~D\node_modules\node\bin\node.exe"
)
if not defined NODE set "NODE=node"
"%NODE%" -e "process.exit(+process.versions.node.split(\".\")[0] >= 22 ? 0 : 1)" >nul 2>&1
if errorlevel 1 (
  echo pulumi-resource-govai: Node.js 22 or newer is required; install it, or run npm install in the repository 1>&2
  exit /b 1
)
"%NODE%" "%PKG%\src\provider\main.ts" %*
