@echo off
rem pulumi-resource-govai: the govai Pulumi provider plugin (Windows), on Node >= 22: the repositorys
rem node_modules\.bin\node first, then node on PATH. Prints nothing before the port line. In the repository it runs
rem src\provider\main.ts with the "@govai/source" export condition; installed, dist\provider\main.js.
setlocal
set "PKG=%~dp0.."
set "NODE="
set "ENTRY=%PKG%\src\provider\main.ts"
set "COND=--conditions=@govai/source"
echo "%~dp0" | findstr /i /c:"\node_modules\" >nul
if not errorlevel 1 (set "ENTRY=%PKG%\dist\provider\main.js" & set "COND=")
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
"%NODE%" %COND% "%ENTRY%" %*
