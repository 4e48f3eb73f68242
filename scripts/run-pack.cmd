@echo off
rem Build the monthly savings pack from Windows Task Scheduler: no make, no "conda activate".
rem
rem   run-pack.cmd DATA_DIR OUT_DIR [pack options, e.g. --pdf or --period 2026-10]
rem
rem Task Scheduler: Program "C:\...\commissioning-analytics\scripts\run-pack.cmd", arguments
rem "C:\savings\data" "C:\savings\outputs" (full paths; the README gives every step).
rem
rem It runs the environment's own Scripts\commissioning-analytics.exe (activation does not work
rem in a scheduled task), appends everything the pack prints to OUT_DIR\scheduled-pack.log with
rem a start and an end line, and exits with the pack's own exit status, which Task Scheduler
rem shows as "Last Run Result" (0x0, 0x1 ...):
rem   0  the pack was built
rem   1  a notebook failed: nothing was replaced (see the log and OUT_DIR\.failed\)
rem   2  a mistake in the input, in these arguments, or no environment found
rem   3  another pack run is in progress (holds OUT_DIR\.pack.lock): try again later
rem   4  the machine stopped the run (a folder not writable, the disk full)
rem
rem Which environment, first found:
rem   CA_ENV, if set: the environment's folder (an explicit setting: not found is an error);
rem   the conda environment "commissioning-analytics" under %USERPROFILE%\miniforge3,
rem     %LOCALAPPDATA%\miniforge3, %ProgramData%\miniforge3, %USERPROFILE%\mambaforge,
rem     %USERPROFILE%\miniconda3, %USERPROFILE%\anaconda3 or %USERPROFILE%\.conda;
rem   the project's own .venv (a pip install);
rem   else "conda run -n commissioning-analytics" when conda is on PATH.
rem For --pdf, set COMMISSIONING_ANALYTICS_BROWSER below when Chrome or Edge is not found.

setlocal EnableExtensions
rem set "CA_ENV=C:\Users\me\miniforge3\envs\commissioning-analytics"
rem set "COMMISSIONING_ANALYTICS_BROWSER=C:\Program Files\Google\Chrome\Application\chrome.exe"

rem Python writes UTF-8 to the log (the pack prints the pound and minus signs), whatever the code page.
set "PYTHONUTF8=1"
set "ENV_NAME=commissioning-analytics"
set "EXE_NAME=commissioning-analytics.exe"

if "%~2"=="" (
    echo usage: run-pack.cmd DATA_DIR OUT_DIR [pack options] 1>&2
    exit /b 2
)
set "DATA=%~f1"
set "OUT=%~f2"
set "EXTRA="
:collect
if "%~3"=="" goto collected
set EXTRA=%EXTRA% %3
shift /3
goto collect
:collected

if not exist "%OUT%\" mkdir "%OUT%"
if not exist "%OUT%\" (
    echo run-pack: cannot create the outputs folder %OUT% 1>&2
    exit /b 4
)
set "LOG=%OUT%\scheduled-pack.log"

rem Lines are flat (no blocks) where ERRORLEVEL is read: inside ( ) it would be read too early.
set "EXE="
if not defined CA_ENV goto search
if exist "%CA_ENV%\Scripts\%EXE_NAME%" set "EXE=%CA_ENV%\Scripts\%EXE_NAME%"
if defined EXE goto run
>>"%LOG%" echo [%DATE% %TIME%] run-pack: CA_ENV=%CA_ENV% has no Scripts\%EXE_NAME%; exit status 2
echo run-pack: CA_ENV=%CA_ENV% has no Scripts\%EXE_NAME% 1>&2
exit /b 2

:search
for %%B in ("%USERPROFILE%\miniforge3" "%LOCALAPPDATA%\miniforge3" "%ProgramData%\miniforge3" "%USERPROFILE%\mambaforge" "%USERPROFILE%\miniconda3" "%USERPROFILE%\anaconda3" "%USERPROFILE%\.conda") do (
    if not defined EXE if exist "%%~B\envs\%ENV_NAME%\Scripts\%EXE_NAME%" set "EXE=%%~B\envs\%ENV_NAME%\Scripts\%EXE_NAME%"
)
if not defined EXE if exist "%~dp0..\.venv\Scripts\%EXE_NAME%" set "EXE=%~dp0..\.venv\Scripts\%EXE_NAME%"
if defined EXE goto run
where conda >nul 2>&1 || goto noenv
goto condarun

:run
rem Relative paths inside the pack (notebooks\, data\raw) are the project's.
pushd "%~dp0.."
>>"%LOG%" echo [%DATE% %TIME%] run-pack: "%EXE%" pack --data "%DATA%" --out "%OUT%"%EXTRA%
"%EXE%" pack --data "%DATA%" --out "%OUT%"%EXTRA% >>"%LOG%" 2>&1
set "STATUS=%ERRORLEVEL%"
goto finish

:condarun
pushd "%~dp0.."
>>"%LOG%" echo [%DATE% %TIME%] run-pack: conda run -n %ENV_NAME% commissioning-analytics pack --data "%DATA%" --out "%OUT%"%EXTRA%
rem conda is a batch file: "call" comes back here when it ends.
call conda run --no-capture-output -n %ENV_NAME% commissioning-analytics pack --data "%DATA%" --out "%OUT%"%EXTRA% >>"%LOG%" 2>&1
set "STATUS=%ERRORLEVEL%"
goto finish

:noenv
>>"%LOG%" echo [%DATE% %TIME%] run-pack: no %EXE_NAME% in any environment and no conda on PATH; exit status 2
echo run-pack: no %EXE_NAME% found: create the environment (conda env create -f environment.yml) or set CA_ENV 1>&2
exit /b 2

:finish
popd
set "MEANING=see the lines above"
if "%STATUS%"=="0" set "MEANING=the pack was built"
if "%STATUS%"=="1" set "MEANING=a notebook failed, nothing was replaced"
if "%STATUS%"=="2" set "MEANING=a mistake in the input"
if "%STATUS%"=="3" set "MEANING=another pack run is in progress"
if "%STATUS%"=="4" set "MEANING=the machine stopped the run"
>>"%LOG%" echo [%DATE% %TIME%] run-pack: exit status %STATUS%: %MEANING%
exit /b %STATUS%
