@ECHO off
REM govai command shim for Windows: prefer the repository's Node 24 (npm package `node`), else node on PATH.
SETLOCAL
SET "PKG=%~dp0.."
IF EXIST "%PKG%\..\..\node_modules\.bin\node.exe" (
  "%PKG%\..\..\node_modules\.bin\node.exe" --disable-warning=ExperimentalWarning "%PKG%\src\bin.ts" %*
) ELSE (
  node --disable-warning=ExperimentalWarning "%PKG%\src\bin.ts" %*
)
