@ECHO off
REM govai-emulator shim for Windows: prefer the repository's Node 24 (npm package `node`), else node on PATH.
REM In the repository it runs the TypeScript sources with the "@govai/source" export condition; installed under
REM node_modules, the compiled dist\bin.js (Node refuses to strip types there).
SETLOCAL
SET "PKG=%~dp0.."
SET "ENTRY=%PKG%\src\bin.ts"
SET "COND=--conditions=@govai/source"
ECHO "%~dp0" | FINDSTR /I /C:"\node_modules\" >NUL
IF NOT ERRORLEVEL 1 (SET "ENTRY=%PKG%\dist\bin.js" & SET "COND=")
IF EXIST "%PKG%\..\..\node_modules\.bin\node.exe" (
  "%PKG%\..\..\node_modules\.bin\node.exe" --disable-warning=ExperimentalWarning %COND% "%ENTRY%" %*
) ELSE (
  node --disable-warning=ExperimentalWarning %COND% "%ENTRY%" %*
)
