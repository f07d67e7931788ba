; Inno Setup 6 script for digitpad's Windows installer: a per-user install (or, when asked for,
; one for all users) with a Start-menu entry, an optional desktop icon and an uninstaller.
; tools/build_installer.py compiles it after PyInstaller has built the bundle:
;
;   iscc /DAppVersion=1.0.0 /DBundleDir=dist\digitpad /DOutputDir=dist
;        /DOutputBase=digitpad-1.0.0-windows-x86_64-setup /DIconFile=assets\icon.ico
;        packaging\digitpad.iss
;
; Relative paths are relative to this folder.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\digitpad"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef OutputBase
  #define OutputBase "digitpad-" + AppVersion + "-windows-x86_64-setup"
#endif
#ifndef IconFile
  #define IconFile "..\assets\icon.ico"
#endif

[Setup]
; The AppId identifies the app to Windows across versions: never change it.
AppId={{5B0D7E8C-3A1F-4C52-9E6B-D1A7F2C4B9E3}
AppName=digitpad
AppVersion={#AppVersion}
AppVerName=digitpad {#AppVersion}
AppPublisher=digitpad
AppComments=Draw a digit and see what a convolutional network reads, live.
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\digitpad
DefaultGroupName=digitpad
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBase}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\digitpad.exe
UninstallDisplayName=digitpad {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running digitpad before files are replaced or removed.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An older version's files that this one no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\digitpad"; Filename: "{app}\digitpad.exe"; Comment: "Draw a digit and see what a neural network reads"
Name: "{group}\Uninstall digitpad"; Filename: "{uninstallexe}"
Name: "{autodesktop}\digitpad"; Filename: "{app}\digitpad.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\digitpad.exe"; Description: "{cm:LaunchProgram,digitpad}"; Flags: nowait postinstall skipifsilent
